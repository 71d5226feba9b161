import { test } from 'tap'
import { build } from '../helper.js'
import type { Change } from '../../src/db/unit-of-work.js'

test('a unit of work commits its changes as outbox rows, and tells listeners after commit', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  const heard: Change[][] = []
  app.unitOfWork.onCommit(changes => { heard.push([...changes]) })
  const result = await app.unitOfWork.run(async (tx, changes) => {
    const count = await tx.outboxEvent.count()
    changes.record({ resource: 'article', id: 'a-slug', event: 'created', data: { slug: 'a-slug' } })
    changes.record({ resource: 'article', id: 'a-slug', event: 'published' })
    return count
  })
  t.equal(result, 0, 'the work ran inside the transaction and returned its value')
  const rows = await app.prisma.outboxEvent.findMany({ orderBy: { id: 'asc' } })
  t.same(rows.map(r => [r.resource, r.resourceId, r.event, r.data]), [
    ['article', 'a-slug', 'created', '{"slug":"a-slug"}'],
    ['article', 'a-slug', 'published', null]
  ])
  t.equal(heard.length, 1)
  t.same(heard[0].map(c => c.event), ['created', 'published'])
})

test('a unit of work that fails leaves neither its change nor its events', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  let heard = 0
  app.unitOfWork.onCommit(() => { heard++ })
  await t.rejects(app.unitOfWork.run(async (tx, changes) => {
    await tx.tag.create({ data: { slug: 'rolled-back', name: 'Rolled back' } })
    changes.record({ resource: 'article', id: 'x', event: 'updated' })
    throw new Error('the writer changed its mind')
  }), /changed its mind/)
  t.equal(await app.prisma.tag.count({ where: { slug: 'rolled-back' } }), 0)
  t.equal(await app.prisma.outboxEvent.count(), 0)
  t.equal(heard, 0)
})
