import { envSchema } from 'env-schema'
import { Type, type Static } from 'typebox'

// Every setting Dateline reads from the environment, documented line by line in
// .env.example. Read once at start-up; the app itself only ever sees a Config object.
const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: 'localhost' }),
  DATABASE_URL: Type.String({ pattern: '^file:.+', default: 'file:./data/dateline.db' }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  MIGRATE_ON_START: Type.Boolean({ default: true }),
  SEED_ON_START: Type.Enum(['if-empty', 'never'], { default: 'if-empty' }),
  PUBLIC_CACHE_MAX_AGE: Type.Integer({ minimum: 0, maximum: 86400, default: 60 }),
  TRUST_PROXY: Type.Boolean({ default: false }),
  TOKEN_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  CORS_ORIGINS: Type.String({ minLength: 1, default: '*' }),
  MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, default: 1000 })
})

type Env = Static<typeof EnvSchema>

export interface Config {
  port: number
  host: string
  databaseUrl: string
  logLevel: Env['LOG_LEVEL']
  migrateOnStart: boolean
  seedOnStart: Env['SEED_ON_START']
  publicCacheMaxAge: number
  trustProxy: boolean
  /** Key for the HMAC of API tokens; when absent, one is made and kept beside the SQLite file. */
  tokenSecret?: string
  /** Comma-separated origins allowed to call the API from a browser, or *. */
  corsOrigins: string
  /** Event-loop delay past which requests are shed with a 503; 0 turns the check off. */
  maxEventLoopDelay: number
}

/** Reads and validates the environment (and a .env file, if present). Throws naming each bad variable. */
export function loadConfig (data: Record<string, unknown> = process.env, dotenv = true): Config {
  const env = envSchema<Env>({ schema: EnvSchema, data, env: false, dotenv: dotenv && { quiet: true } })
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    logLevel: env.LOG_LEVEL,
    migrateOnStart: env.MIGRATE_ON_START,
    seedOnStart: env.SEED_ON_START,
    publicCacheMaxAge: env.PUBLIC_CACHE_MAX_AGE,
    trustProxy: env.TRUST_PROXY,
    tokenSecret: env.TOKEN_SECRET,
    corsOrigins: env.CORS_ORIGINS,
    maxEventLoopDelay: env.MAX_EVENT_LOOP_DELAY_MS
  }
}
