import t from 'tap'
import { createPrismaClient } from '../../../../src/db/client.js'
import { build, summitSlug } from '../../../helper.js'

// Issue 15, defect 1: a big import used to hold the event loop for its whole run, so
// /health and public reads waited for it; and SIGTERM waited for it too.

function bigBundle (count: number) {
  const articles = Array.from({ length: count }, (_, i) => ({
    slug: `bulk-${i}`,
    title: `Bulk story ${i}`,
    body: `Iran and Russia met again on day ${i}, officials said.\n\n"Talks number ${i} must go on," one of them told reporters.`,
    status: 'published',
    publishedAt: '2024-01-01T00:00:00.000Z'
  }))
  return { format: 'dateline-bundle', version: 1, articles }
}

async function writer (app: Awaited<ReturnType<typeof build>>) {
  const token = (await app.tokens.create({ name: 'bulk', scopes: ['content:write'] })).token
  return { authorization: `Bearer ${token}` }
}

t.test('/health and public reads answer while a big import is still running', async t => {
  const app = await build(t)
  const auth = await writer(app)
  let importDone = false
  const importing = app.inject({ method: 'POST', url: '/v1/import', headers: auth, payload: bigBundle(150) })
    .finally(() => { importDone = true })

  const health = await app.inject('/health')
  t.equal(health.statusCode, 200)
  const read = await app.inject(`/v1/articles/${summitSlug}`)
  t.equal(read.statusCode, 200)
  t.notOk(importDone, 'both answered before the import finished')

  const res = await importing
  t.equal(res.statusCode, 200)
  t.match(res.json().articles, { created: 150 })
})

t.test('closing the app (SIGTERM) during an import rolls it back and answers 503', async t => {
  const app = await build(t)
  const auth = await writer(app)
  const before = await app.prisma.article.count()
  const importing = app.inject({ method: 'POST', url: '/v1/import', headers: auth, payload: bigBundle(150) })
  // Let it start writing, then close as the SIGTERM handler does.
  await app.inject('/health')
  const closing = app.close()
  const res = await importing
  await closing
  t.equal(res.statusCode, 503)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.match(res.json().detail, /rolled back: nothing was written/)

  const check = createPrismaClient(app.config)
  t.teardown(() => check.$disconnect())
  t.equal(await check.article.count(), before, 'all or nothing: no article of the import is stored')
  t.equal(await check.article.count({ where: { slug: { startsWith: 'bulk-' } } }), 0)
})
