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

t.test('comment settings: defaults, a parsed blocklist, Akismet only with a key', async t => {
  t.match(loadConfig({}, false).comments, { moderation: 'known-authors', floodSeconds: 15, maxLinks: 2, blocklist: [], ipRetentionDays: 30, publicWriteRateLimit: 30, akismet: null })
  const config = loadConfig({ COMMENT_BLOCKLIST: ' Casino, ,cheap pills ', AKISMET_KEY: 'k', AKISMET_URL: 'http://127.0.0.1:9/' }, false)
  t.same(config.comments.blocklist, ['casino', 'cheap pills'])
  t.same(config.comments.akismet, { key: 'k', url: 'http://127.0.0.1:9', site: 'http://localhost:3000', timeoutMs: 2000 })
  t.throws(() => loadConfig({ COMMENT_MODERATION: 'none' }, false), /COMMENT_MODERATION/)
  t.throws(() => loadConfig({ COMMENT_IP_RETENTION_DAYS: '0' }, false), /COMMENT_IP_RETENTION_DAYS/)
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

t.test('site settings: URLs without trailing slashes, templates checked, a relative logo on the site', async t => {
  t.same(loadConfig({}, false).site, {
    url: 'http://localhost:3000',
    apiUrl: 'http://localhost:3000',
    language: 'en',
    paths: { article: '/{section}/{slug}', section: '/{section}', tag: '/tags/{slug}', author: '/authors/{slug}', entity: '/topics/{slug}' },
    publisher: { name: 'Dateline', logoUrl: 'http://localhost:3000/logo.png' }
  })
  const config = loadConfig({ SITE_URL: 'https://news.example/', API_URL: 'https://api.news.example', PUBLISHER_LOGO_URL: 'https://cdn.example/l.png' }, false)
  t.match(config.site, { url: 'https://news.example', apiUrl: 'https://api.news.example', publisher: { logoUrl: 'https://cdn.example/l.png' } })
  t.throws(() => loadConfig({ SITE_URL: 'news.example' }, false), /SITE_URL/)
  t.throws(() => loadConfig({ ARTICLE_URL_TEMPLATE: '/articles/' }, false), /ARTICLE_URL_TEMPLATE/, 'a template without {slug}')
  t.throws(() => loadConfig({ AUTHOR_URL_TEMPLATE: 'authors/{slug}' }, false), /AUTHOR_URL_TEMPLATE/, 'a template not starting with /')
})
