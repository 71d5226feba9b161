import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../../src/app.js'
import { build, onPostgresql, summitSlug } from '../../helper.js'

// Two app instances on one PostgreSQL database, each with its own response cache: a
// change committed through one must clear the other's, or readers of the second
// would see the old story until the entry expired.

const article = `/v1/articles/${summitSlug}`

async function until (what: string, check: () => Promise<boolean>) {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await check()) return
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error(`never: ${what}`)
}

const hit = async (app: FastifyInstance) => (await app.inject({ url: article })).headers['x-cache'] === 'hit'

t.test('a change committed in one process clears the response cache of another', { skip: onPostgresql ? false : 'needs PostgreSQL: set TEST_DATABASE_URL' }, async t => {
  const a = await build(t, { RESPONSE_CACHE: 'on' })
  const b = await buildApp(a.config, false)
  t.teardown(() => b.close())
  const write = { authorization: `Bearer ${(await a.tokens.create({ name: 'desk', scopes: ['content:write'] })).token}` }

  await until('B answers from its cache', () => hit(b))
  const put = await a.inject({ method: 'PUT', url: article, headers: write, payload: { title: 'Talks collapse', body: 'Text.', status: 'published', publishedAt: '2018-09-07T18:00:00.000Z' } })
  t.equal(put.statusCode, 200)
  await until('B shows the title written through A', async () => (await b.inject({ url: article })).json().title === 'Talks collapse')
  t.pass('an article PUT through A reached B')

  // Straight through A's unit of work, no request: only the NOTIFY sent from inside
  // the transaction can tell B.
  await until('B answers from its cache again', () => hit(b))
  await a.unitOfWork.run(async (tx, changes) => {
    await tx.article.update({ where: { slug: summitSlug }, data: { title: 'Talks resume' } })
    changes.record({ resource: 'article', id: summitSlug, event: 'updated' })
  })
  await until('B shows the title committed by A\'s unit of work', async () => (await b.inject({ url: article })).json().title === 'Talks resume')
  t.pass('a unit of work committed in A reached B')

  await until('B caches again', () => hit(b))
  t.equal((await b.inject({ url: article })).json().title, 'Talks resume')
})
