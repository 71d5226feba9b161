import t from 'tap'
import { loadConfig } from '../src/config.js'

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
