import path from 'node:path'
import { envSchema } from 'env-schema'
import { Type, type Static } from 'typebox'

/** A site path template: starts with `/` and holds `{placeholder}`. */
function pathTemplate (placeholder: string): string {
  return `^/[^?#\\s]*\\{${placeholder}\\}[^?#\\s]*$`
}

// Every setting Dateline reads from the environment, documented line by line in
// .env.example. Read once at start-up; the app itself only ever sees a Config object.
const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: 'localhost' }),
  DATABASE_URL: Type.String({ pattern: '^(file:|postgres(ql)?://).+', default: 'file:./data/dateline.db' }),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }),
  DATABASE_STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 0, default: 30000 }),
  DATABASE_CONNECT_TIMEOUT_MS: Type.Integer({ minimum: 0, default: 5000 }),
  DATABASE_SSL: Type.Optional(Type.Enum(['off', 'require', 'verify'])),
  DATABASE_SSL_CA: Type.Optional(Type.String({ minLength: 1 })),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  MIGRATE_ON_START: Type.Boolean({ default: true }),
  SEED_ON_START: Type.Enum(['if-empty', 'never'], { default: 'if-empty' }),
  PUBLIC_CACHE_MAX_AGE: Type.Integer({ minimum: 0, maximum: 86400, default: 60 }),
  RESPONSE_CACHE: Type.Enum(['on', 'off'], { default: 'on' }),
  RESPONSE_CACHE_MAX_MB: Type.Integer({ minimum: 1, maximum: 65536, default: 64 }),
  TRUST_PROXY: Type.Boolean({ default: false }),
  TOKEN_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  CORS_ORIGINS: Type.String({ minLength: 1, default: '*' }),
  REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 3600000, default: 30000 }),
  HEADERS_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 600000, default: 10000 }),
  MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, default: 1000 }),
  COMMENT_MODERATION: Type.Enum(['hold-all', 'known-authors'], { default: 'known-authors' }),
  COMMENT_FLOOD_SECONDS: Type.Integer({ minimum: 0, maximum: 86400, default: 15 }),
  COMMENT_MAX_LINKS: Type.Integer({ minimum: 0, maximum: 100, default: 2 }),
  COMMENT_BLOCKLIST: Type.String({ default: '' }),
  COMMENT_IP_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 30 }),
  PUBLIC_WRITE_RATE_LIMIT: Type.Integer({ minimum: 1, maximum: 100000, default: 30 }),
  LIKES_PER_IP_PER_ARTICLE: Type.Integer({ minimum: 1, maximum: 100000, default: 20 }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  AKISMET_KEY: Type.Optional(Type.String({ minLength: 1 })),
  AKISMET_URL: Type.String({ pattern: '^https?://', default: 'https://rest.akismet.com' }),
  AKISMET_SITE: Type.String({ pattern: '^https?://', default: 'http://localhost:3000' }),
  AKISMET_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 30000, default: 2000 }),
  SITE_URL: Type.String({ pattern: '^https?://[^/?#]+(/[^?#]*)?$', default: 'http://localhost:3000' }),
  API_URL: Type.Optional(Type.String({ pattern: '^https?://[^/?#]+(/[^?#]*)?$' })),
  SITE_LANGUAGE: Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', default: 'en' }),
  ARTICLE_URL_TEMPLATE: Type.String({ pattern: pathTemplate('slug'), default: '/{section}/{slug}' }),
  SECTION_URL_TEMPLATE: Type.String({ pattern: pathTemplate('section'), default: '/{section}' }),
  TAG_URL_TEMPLATE: Type.String({ pattern: pathTemplate('slug'), default: '/tags/{slug}' }),
  AUTHOR_URL_TEMPLATE: Type.String({ pattern: pathTemplate('slug'), default: '/authors/{slug}' }),
  ENTITY_URL_TEMPLATE: Type.String({ pattern: pathTemplate('slug'), default: '/topics/{slug}' }),
  PUBLISHER_NAME: Type.String({ minLength: 1, maxLength: 200, default: 'Dateline' }),
  PUBLISHER_LOGO_URL: Type.String({ pattern: '^(https?://|/)[^\\s]*$', default: '/logo.png' }),
  WEBHOOK_WORKER: Type.Boolean({ default: true }),
  WEBHOOK_POLL_INTERVAL_MS: Type.Integer({ minimum: 10, maximum: 3600000, default: 1000 }),
  WEBHOOK_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 50, default: 8 }),
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 120000, default: 10000 }),
  WEBHOOK_BACKOFF_BASE_MS: Type.Integer({ minimum: 1, maximum: 3600000, default: 10000 }),
  WEBHOOK_ALLOWED_HOSTS: Type.String({ default: '' }),
  MEDIA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  MEDIA_MAX_BYTES: Type.Integer({ minimum: 1024, maximum: 200 * 1024 * 1024, default: 20 * 1024 * 1024 }),
  MEDIA_MAX_PIXELS: Type.Integer({ minimum: 1, maximum: 1_000_000_000, default: 50_000_000 }),
  SCHEDULER_INTERVAL_MS: Type.Integer({ minimum: 0, maximum: 86_400_000, default: 15000 }),
  METRICS_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  METRICS_HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://[^/?#]+(/[^?#]*)?$' })),
  OTEL_SERVICE_NAME: Type.String({ minLength: 1, default: 'dateline' })
})

type Env = Static<typeof EnvSchema>

export interface Config {
  port: number
  host: string
  /** `file:...` (SQLite, the default) or `postgresql://...`. */
  databaseUrl: string
  /** PostgreSQL only: connections per process, per-statement limit, connect limit, TLS. */
  databasePoolSize: number
  databaseStatementTimeoutMs: number
  databaseConnectTimeoutMs: number
  /** off | require (encrypted, any certificate) | verify (certificate checked); unset: as the URL says. */
  databaseSsl?: 'off' | 'require' | 'verify'
  /** A PEM file of the CA to verify the server's certificate against. */
  databaseSslCa?: string
  logLevel: Env['LOG_LEVEL']
  migrateOnStart: boolean
  seedOnStart: Env['SEED_ON_START']
  publicCacheMaxAge: number
  /** Public answers kept in this process's memory (never past PUBLIC_CACHE_MAX_AGE). */
  responseCache: { enabled: boolean, maxBytes: number }
  trustProxy: boolean
  /** Key for the HMAC of API tokens; when absent, one is made and kept beside the SQLite file. */
  tokenSecret?: string
  /** Comma-separated origins allowed to call the API from a browser, or *. */
  corsOrigins: string
  /** With it, rate limits and the comment flood window are shared by every process through Redis. */
  redisUrl: string | null
  /** The longest a whole request (headers and body) may take to arrive: 408 after. */
  requestTimeoutMs: number
  /** The longest the request line and headers may take to arrive: 408 after. */
  headersTimeoutMs: number
  /** Event-loop delay past which requests are shed with a 503; 0 turns the check off. */
  maxEventLoopDelay: number
  /** How often scheduled articles whose time has come are published; 0: never. */
  schedulerIntervalMs: number
  /** Prometheus metrics at http://host:port/metrics, apart from the API; undefined port: off. */
  metrics: { port?: number, host: string }
  /** OpenTelemetry traces sent over OTLP/HTTP to this endpoint; null: tracing off (nothing loaded). */
  tracing: { endpoint: string, serviceName: string } | null
  comments: CommentConfig
  media: MediaConfig
  site: SiteConfig
  webhooks: WebhookConfig
}

export interface WebhookConfig {
  /** Whether this process runs the delivery worker (off: it only accepts subscriptions; another process delivers). */
  worker: boolean
  /** How often the worker looks for new events and due retries; a commit in this process wakes it at once. */
  pollIntervalMs: number
  /** Attempts per delivery before it is marked failed. */
  maxAttempts: number
  /** Time allowed for one attempt (connect, send, answer). */
  timeoutMs: number
  /** Delay before the first retry; each later one doubles, with jitter, up to six hours. */
  backoffBaseMs: number
  /** Lowercased host names (or IP literals) allowed even though they resolve to private addresses; metadata addresses stay refused. */
  allowedHosts: string[]
}

/**
 * Where the public site lives and who publishes it. Every absolute URL Dateline
 * writes (JSON-LD, feeds, sitemaps) is made from these, never from a request's
 * Host or X-Forwarded-* headers: answers are publicly cacheable, and a URL taken
 * from a request would let anyone poison a CDN's copy.
 */
export interface SiteConfig {
  /** The news site's origin (and base path), without a trailing slash: https://news.example */
  url: string
  /** Where this API is reachable from outside, without a trailing slash (feeds' and sitemaps' own URLs); SITE_URL unless set. */
  apiUrl: string
  /** BCP 47 language of the publication (Google News sitemaps, feeds). */
  language: string
  /** Page path templates on the site: {slug}; for articles also {section}, {yyyy}, {mm}, {dd}; for sections {section}. */
  paths: { article: string, section: string, tag: string, author: string, entity: string }
  publisher: { name: string, logoUrl: string }
}

export interface CommentConfig {
  /** hold-all: every comment waits for a moderator. known-authors: published when the email already has an approved comment and the checks pass. */
  moderation: Env['COMMENT_MODERATION']
  /** Seconds within which a second comment from the same IP or email is refused (0: off). */
  floodSeconds: number
  maxLinks: number
  /** Lowercased words and phrases that mark a comment as spam. */
  blocklist: string[]
  ipRetentionDays: number
  /** Requests per minute per client on public write routes. */
  publicWriteRateLimit: number
  /** Like requests per hour from one IP on one article, whatever reader keys they carry. */
  likesPerIpPerArticle: number
  akismet: { key: string, url: string, site: string, timeoutMs: number } | null
}

export interface MediaConfig {
  /** The folder uploaded images and their variants are kept in. */
  dir: string
  /** The largest upload accepted, in bytes. */
  maxBytes: number
  /** The most pixels an upload may decode to (a guard against decompression bombs). */
  maxPixels: number
}

/** Reads and validates the environment (and a .env file, if present). Throws naming each bad variable. */
export function loadConfig (data: Record<string, unknown> = process.env, dotenv = true): Config {
  const env = envSchema<Env>({ schema: EnvSchema, data, env: false, dotenv: dotenv && { quiet: true } })
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    databaseStatementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    databaseConnectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    databaseSsl: env.DATABASE_SSL,
    databaseSslCa: env.DATABASE_SSL_CA,
    logLevel: env.LOG_LEVEL,
    migrateOnStart: env.MIGRATE_ON_START,
    seedOnStart: env.SEED_ON_START,
    publicCacheMaxAge: env.PUBLIC_CACHE_MAX_AGE,
    responseCache: { enabled: env.RESPONSE_CACHE === 'on', maxBytes: env.RESPONSE_CACHE_MAX_MB * 1024 * 1024 },
    trustProxy: env.TRUST_PROXY,
    tokenSecret: env.TOKEN_SECRET,
    corsOrigins: env.CORS_ORIGINS,
    redisUrl: env.REDIS_URL ?? null,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    headersTimeoutMs: Math.min(env.HEADERS_TIMEOUT_MS, env.REQUEST_TIMEOUT_MS),
    maxEventLoopDelay: env.MAX_EVENT_LOOP_DELAY_MS,
    schedulerIntervalMs: env.SCHEDULER_INTERVAL_MS,
    metrics: { port: env.METRICS_PORT, host: env.METRICS_HOST },
    tracing: env.OTEL_EXPORTER_OTLP_ENDPOINT ? { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME } : null,
    comments: {
      moderation: env.COMMENT_MODERATION,
      floodSeconds: env.COMMENT_FLOOD_SECONDS,
      maxLinks: env.COMMENT_MAX_LINKS,
      blocklist: env.COMMENT_BLOCKLIST.split(',').map(w => w.trim().toLowerCase()).filter(Boolean),
      ipRetentionDays: env.COMMENT_IP_RETENTION_DAYS,
      publicWriteRateLimit: env.PUBLIC_WRITE_RATE_LIMIT,
      likesPerIpPerArticle: env.LIKES_PER_IP_PER_ARTICLE,
      akismet: env.AKISMET_KEY
        ? { key: env.AKISMET_KEY, url: env.AKISMET_URL.replace(/\/+$/, ''), site: env.AKISMET_SITE, timeoutMs: env.AKISMET_TIMEOUT_MS }
        : null
    },
    site: siteConfig(env),
    webhooks: {
      worker: env.WEBHOOK_WORKER,
      pollIntervalMs: env.WEBHOOK_POLL_INTERVAL_MS,
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      backoffBaseMs: env.WEBHOOK_BACKOFF_BASE_MS,
      allowedHosts: env.WEBHOOK_ALLOWED_HOSTS.split(',').map(h => h.trim().toLowerCase().replace(/^\[|\]$/g, '')).filter(Boolean)
    },
    media: {
      // Beside the SQLite file by default, so the embedded database and its images travel together.
      dir: env.MEDIA_DIR ?? (env.DATABASE_URL.startsWith('file:') ? path.join(path.dirname(env.DATABASE_URL.slice('file:'.length)), 'media') : 'data/media'),
      maxBytes: env.MEDIA_MAX_BYTES,
      maxPixels: env.MEDIA_MAX_PIXELS
    }
  }
}

function siteConfig (env: Env): SiteConfig {
  const url = env.SITE_URL.replace(/\/+$/, '')
  return {
    url,
    apiUrl: (env.API_URL ?? url).replace(/\/+$/, ''),
    language: env.SITE_LANGUAGE,
    paths: {
      article: env.ARTICLE_URL_TEMPLATE,
      section: env.SECTION_URL_TEMPLATE,
      tag: env.TAG_URL_TEMPLATE,
      author: env.AUTHOR_URL_TEMPLATE,
      entity: env.ENTITY_URL_TEMPLATE
    },
    publisher: {
      name: env.PUBLISHER_NAME,
      logoUrl: env.PUBLISHER_LOGO_URL.startsWith('/') ? `${url}${env.PUBLISHER_LOGO_URL}` : env.PUBLISHER_LOGO_URL
    }
  }
}
