import t from 'tap'
import { build } from '../helper.js'

t.test('GET /health and /ready answer ok and are never cached', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  for (const url of ['/health', '/ready']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 200, url)
    t.same(res.json(), { status: 'ok' })
    t.equal(res.headers['cache-control'], 'no-store')
  }
})

t.test('GET /ready is a 503 problem with Retry-After when the database is gone', async t => {
  // The webhook worker off: this test disconnects the app's own client while the worker
  // polls with it, and on PostgreSQL that hung the test. (At close the worker stops first.)
  const app = await build(t, { SEED_ON_START: 'never', WEBHOOK_WORKER: 'false' })
  await app.prisma.$disconnect()
  const original = app.prisma.$queryRaw.bind(app.prisma)
  // The adapter reconnects on demand, so make the database unreachable for this request.
  Object.defineProperty(app.prisma, '$queryRaw', { value: () => Promise.reject(Object.assign(new Error('SQLITE_CANTOPEN: unable to open database file'), { code: 'SQLITE_CANTOPEN' })), configurable: true })
  const res = await app.inject({ url: '/ready' })
  Object.defineProperty(app.prisma, '$queryRaw', { value: original, configurable: true })
  t.equal(res.statusCode, 503)
  t.equal(res.headers['retry-after'], '5')
  t.match(res.json(), { status: 503, title: 'Service Unavailable' })
  t.notMatch(res.body, /SQLITE/, 'no internals in the answer')
})
