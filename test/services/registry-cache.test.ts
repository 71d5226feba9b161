import t from 'tap'
import { buildApp } from '../../src/app.js'
import { createPrismaClient } from '../../src/db/client.js'
import { ArticleWriter } from '../../src/services/article-writes.js'
import { writeDoorOn } from '../../src/services/compose.js'
import { searchFor } from '../../src/db/dialect.js'
import { build, testConfig } from '../helper.js'

// The entity linker is built once per process and kept; it is rebuilt only when the
// registry (entities, aliases) changes, in this process or another on the same database.

type App = Awaited<ReturnType<typeof build>>

async function writer (app: App, name = 'desk') {
  return { authorization: `Bearer ${(await app.tokens.create({ name, scopes: ['content:write'] })).token}` }
}

async function putArticle (app: App, headers: Record<string, string>, body: string) {
  const res = await app.inject({ method: 'PUT', url: '/v1/articles/registry-story', headers, payload: { title: 'Registry story', body, status: 'published' } })
  t.ok(res.statusCode === 200 || res.statusCode === 201, `PUT answers ${res.statusCode} ${res.statusCode === 409 ? res.body : ""}`)
  const read = await app.inject({ url: '/v1/articles/registry-story?include=entities' })
  return (read.json().entities as Array<{ slug: string }>).map(e => e.slug)
}

t.test('a write after an entity is created, renamed or aliased links the new name (same process)', async t => {
  const app = await build(t)
  const headers = await writer(app)
  t.notOk((await putArticle(app, headers, 'The mayor of Zarnovica spoke. 1')).includes('zarnovica'), 'not in the registry yet')

  t.equal((await app.inject({ method: 'POST', url: '/v1/entities', headers, payload: { slug: 'zarnovica', kind: 'place', name: 'Zarnovica' } })).statusCode, 201)
  t.ok((await putArticle(app, headers, 'The mayor of Zarnovica spoke. 2')).includes('zarnovica'), 'a created entity links on the next write')

  t.equal((await app.inject({ method: 'PATCH', url: '/v1/entities/zarnovica', headers, payload: { name: 'Zarnovica Town' } })).statusCode, 200)
  t.ok((await putArticle(app, headers, 'The mayor of Zarnovica Town spoke. 3')).includes('zarnovica'), 'the new name links')
  t.notOk((await putArticle(app, headers, 'The mayor of Zarnovica spoke. 4')).includes('zarnovica'), 'the old name no longer does')

  t.equal((await app.inject({ method: 'PATCH', url: '/v1/entities/zarnovica', headers, payload: { aliases: ['Zarnovitsa'] } })).statusCode, 200)
  t.ok((await putArticle(app, headers, 'The mayor of Zarnovitsa spoke. 5')).includes('zarnovica'), 'an added alias links')
})

t.test('instance B sees an entity created through instance A on its next article write (one database)', async t => {
  const config = testConfig(t)
  const a = await buildApp(config, false)
  t.teardown(() => a.close())
  const b = await buildApp(config, false)
  t.teardown(() => b.close())
  const headersA = await writer(a)
  const headersB = await writer(b, 'desk-b')

  // B builds and keeps its linker with this write.
  t.notOk((await putArticle(b, headersB, 'Talks in Velika Mlaka. 1')).includes('velika-mlaka'))
  t.equal((await a.inject({ method: 'POST', url: '/v1/entities', headers: headersA, payload: { slug: 'velika-mlaka', kind: 'place', name: 'Velika Mlaka' } })).statusCode, 201)
  t.ok((await putArticle(b, headersB, 'Talks in Velika Mlaka. 2')).includes('velika-mlaka'), 'B links the entity A created')

  t.equal((await a.inject({ method: 'PATCH', url: '/v1/entities/velika-mlaka', headers: headersA, payload: { aliases: ['Mlaka'] } })).statusCode, 200)
  t.ok((await putArticle(b, headersB, 'Talks in Mlaka. 3')).includes('velika-mlaka'), 'and the alias A added')
})

t.test('an article PUT does not reload the registry when it has not changed', async t => {
  const app = await build(t)
  const statements: string[] = []
  // A client of its own on the test's database, logging every statement it sends.
  const client = createPrismaClient(app.config, undefined, [{ emit: 'event', level: 'query' }])
  ;(client as unknown as { $on: (event: 'query', fn: (e: { query: string }) => void) => void }).$on('query', e => { statements.push(e.query) })
  t.teardown(() => client.$disconnect())
  const door = writeDoorOn(client, searchFor(app.dialect.kind), app.site)
  const articles = new ArticleWriter(door)
  const put = async (body: string) => {
    statements.length = 0
    await articles.put('counted', { title: 'Counted', body, status: 'published' }, 'test')
    return { total: statements.length, registry: statements.filter(s => /EntityAlias/.test(s)).length }
  }

  const first = await put('Vladimir Putin met Recep Tayyip Erdoğan in Sochi. 1')
  t.ok(first.registry > 0, `the first PUT loads the registry (${first.registry} statements on aliases, ${first.total} in all)`)
  const second = await put('Vladimir Putin met Recep Tayyip Erdoğan in Sochi. 2')
  t.equal(second.registry, 0, 'the second PUT does not load the registry again')

  await door.unitOfWork.run(async (tx, changes) => {
    await tx.entity.create({ data: { slug: 'ankara-fc', kind: 'organization', name: 'Ankara FC', aliases: { create: [{ name: 'AFC' }] } } })
    changes.record({ resource: 'entity', id: 'ankara-fc', event: 'created' })
  })
  const third = await put('Vladimir Putin met Recep Tayyip Erdoğan in Sochi; AFC won. 3')
  t.ok(third.registry > 0, 'after an entity change the registry is loaded once more')
  const fourth = await put('Vladimir Putin met Recep Tayyip Erdoğan in Sochi; AFC won. 4')
  t.equal(fourth.registry, 0, 'and kept again')
  t.ok(fourth.total < third.total, `a write with the kept linker sends fewer statements: ${fourth.total} against ${third.total}`)
  const mentions = await app.prisma.mention.findMany({ where: { article: { slug: 'counted' } }, select: { entity: { select: { slug: true } } } })
  t.ok(mentions.some(m => m.entity.slug === 'ankara-fc'), 'the new alias links')
})
