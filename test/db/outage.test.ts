import pg from 'pg'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { isDatabaseUnavailable } from '../../src/plugins/app/problems.js'
import { onPostgresql, testConfig, testServerUrl } from '../helper.js'

// What a client sees while PostgreSQL is away, and that the API comes back by itself.
// The outage is made on the test's own database: closed to new connections and its
// sessions terminated (pg_terminate_backend), then opened again.

const skip = onPostgresql ? false : 'needs PostgreSQL: set TEST_DATABASE_URL'

async function onServer<T> (work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: testServerUrl })
  await admin.connect()
  try {
    return await work(admin)
  } finally {
    await admin.end()
  }
}

const terminate = (admin: pg.Client, database: string) =>
  admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database])

async function appOnOwnDatabase (t: Parameters<typeof testConfig>[0], env: Record<string, string> = {}) {
  const config = testConfig(t, { SEED_ON_START: 'if-empty', DATABASE_CONNECT_TIMEOUT_MS: '2000', ...env })
  const app = await buildApp(config, false)
  t.teardown(() => app.close())
  return { app, database: new URL(config.databaseUrl).pathname.slice(1) }
}

t.test('terminated connections are replaced on the next request', { skip }, async t => {
  const { app, database } = await appOnOwnDatabase(t)
  t.equal((await app.inject({ url: '/v1/articles' })).statusCode, 200)
  await onServer(admin => terminate(admin, database))
  await new Promise(resolve => setTimeout(resolve, 100))
  const res = await app.inject({ url: '/v1/articles' })
  t.equal(res.statusCode, 200)
  t.equal(res.json().data.length, 1)
})

t.test('a database that goes away is a 503 problem with Retry-After; the API recovers when it returns', { skip }, async t => {
  const { app, database } = await appOnOwnDatabase(t)
  t.equal((await app.inject({ url: '/v1/articles' })).statusCode, 200)

  await onServer(async admin => {
    await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`)
    await terminate(admin, database)
  })
  await new Promise(resolve => setTimeout(resolve, 100))
  for (const url of ['/v1/articles', '/ready']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 503, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.equal(res.headers['retry-after'], '5')
    t.equal(res.headers['cache-control'], 'no-store')
    t.match(res.json(), { type: 'about:blank', title: 'Service Unavailable', status: 503, requestId: String })
    t.notMatch(res.body, /accepting|postgres|55000/i, 'nothing of the cause')
  }

  await onServer(admin => admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`))
  const back = await app.inject({ url: '/v1/articles' })
  t.equal(back.statusCode, 200, 'no restart needed')
  t.equal(back.json().data.length, 1)
  t.equal((await app.inject({ url: '/ready' })).statusCode, 200)
})

t.test('DATABASE_STATEMENT_TIMEOUT_MS holds on every pooled connection and a timed-out statement is a 503', { skip }, async t => {
  const { app } = await appOnOwnDatabase(t, { DATABASE_STATEMENT_TIMEOUT_MS: '150', SEED_ON_START: 'never' })
  const [row] = await app.prisma.$queryRaw<Array<{ statement_timeout: string }>>`SHOW statement_timeout`
  t.equal(row.statement_timeout, '150ms')
  const error = await app.prisma.$queryRaw`SELECT pg_sleep(1)::text`.then(() => null, (e: Error) => e)
  t.ok(error, 'the statement was cancelled')
  t.ok(isDatabaseUnavailable(error!), 'and counts as the database being unavailable')
})

t.test('errors that mean "not now" are told apart from the rest', async t => {
  const wrapped = (code: string) => Object.assign(new Error('Raw query failed.'), { code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'postgres', code, originalCode: code } } } })
  t.ok(isDatabaseUnavailable(wrapped('57P01')), 'admin shutdown')
  t.ok(isDatabaseUnavailable(wrapped('08006')), 'connection failure')
  t.ok(isDatabaseUnavailable(wrapped('53300')), 'too many connections')
  t.ok(isDatabaseUnavailable(Object.assign(new Error('x'), { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } })))
  t.ok(isDatabaseUnavailable(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })))
  t.notOk(isDatabaseUnavailable(wrapped('42703')), 'a missing column is a bug, not an outage')
  t.notOk(isDatabaseUnavailable(Object.assign(new Error('Unique constraint failed'), { code: 'P2002' })))
})
