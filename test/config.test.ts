import t from 'tap'
import { loadConfig } from '../src/config.js'
import { databaseKind, pgPoolConfig } from '../src/db/client.js'

t.test('defaults serve the embedded database on port 3000', async t => {
  t.match(loadConfig({}, false), { port: 3000, host: 'localhost', databaseUrl: 'file:./data/dateline.db', logLevel: 'info', seedOnStart: 'if-empty', migrateOnStart: true })
})

t.test('values are read and typed', async t => {
  t.match(loadConfig({ PORT: '8080', LOG_LEVEL: 'debug', MIGRATE_ON_START: 'false', PUBLIC_CACHE_MAX_AGE: '0' }, false), { port: 8080, logLevel: 'debug', migrateOnStart: false, publicCacheMaxAge: 0 })
})

t.test('a bad value stops start-up naming the variable', async t => {
  t.throws(() => loadConfig({ PORT: 'eighty' }, false), /PORT/)
  t.throws(() => loadConfig({ LOG_LEVEL: 'loud' }, false), /LOG_LEVEL/)
  t.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }, false), /DATABASE_URL/)
})

t.test('a PostgreSQL URL with pool size, statement timeout and TLS settings', async t => {
  const config = loadConfig({
    DATABASE_URL: 'postgresql://dateline@db.internal:5432/dateline',
    DATABASE_POOL_SIZE: '25',
    DATABASE_STATEMENT_TIMEOUT_MS: '1500',
    DATABASE_CONNECT_TIMEOUT_MS: '800',
    DATABASE_SSL: 'require'
  }, false)
  t.match(pgPoolConfig(config), {
    connectionString: 'postgresql://dateline@db.internal:5432/dateline',
    max: 25,
    statement_timeout: 1500,
    connectionTimeoutMillis: 800,
    ssl: { rejectUnauthorized: false }
  })
  t.equal(pgPoolConfig({ ...config, databaseSsl: 'off' }).ssl, false)
  t.match(pgPoolConfig({ ...config, databaseSsl: 'verify' }).ssl, { rejectUnauthorized: true })
  t.notOk('ssl' in pgPoolConfig({ ...config, databaseSsl: undefined }), 'unset: sslmode in the URL decides')
  const both = pgPoolConfig({ ...config, databaseUrl: 'postgresql://u:p%40ss@db:5432/news?sslmode=disable&application_name=x' })
  t.equal(both.connectionString, 'postgresql://u:p%40ss@db:5432/news?application_name=x', 'a set DATABASE_SSL wins over the URL\'s sslmode')
  t.same(both.ssl, { rejectUnauthorized: false })
  t.notOk('statement_timeout' in pgPoolConfig({ ...config, databaseStatementTimeoutMs: 0 }), '0: no limit')
  t.equal(databaseKind(config.databaseUrl), 'postgresql')
  t.equal(databaseKind(loadConfig({}, false).databaseUrl), 'sqlite')
  t.throws(() => loadConfig({ DATABASE_SSL: 'maybe' }, false), /DATABASE_SSL/)
})
