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

t.test('comment settings: defaults, a parsed blocklist, Akismet only with a key', async t => {
  t.match(loadConfig({}, false).comments, { moderation: 'known-authors', floodSeconds: 15, maxLinks: 2, blocklist: [], ipRetentionDays: 30, publicWriteRateLimit: 30, akismet: null })
  const config = loadConfig({ COMMENT_BLOCKLIST: ' Casino, ,cheap pills ', AKISMET_KEY: 'k', AKISMET_URL: 'http://127.0.0.1:9/' }, false)
  t.same(config.comments.blocklist, ['casino', 'cheap pills'])
  t.same(config.comments.akismet, { key: 'k', url: 'http://127.0.0.1:9', site: 'http://localhost:3000', timeoutMs: 2000 })
  t.throws(() => loadConfig({ COMMENT_MODERATION: 'none' }, false), /COMMENT_MODERATION/)
  t.throws(() => loadConfig({ COMMENT_IP_RETENTION_DAYS: '0' }, false), /COMMENT_IP_RETENTION_DAYS/)
})
