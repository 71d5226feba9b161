import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import pg, { type PoolConfig } from 'pg'
import { PrismaClient, type Prisma } from '../generated/prisma/client.js'
import { PrismaClient as PostgresqlClient } from '../generated/postgresql/client.js'
import type { Config } from '../config.js'
import { SqliteReadWriteFactory } from './sqlite-adapter.js'

// One model, two generated clients (prisma/schema.prisma and the PostgreSQL schema
// derived from it): their model APIs are identical, so the app is typed against the
// SQLite client and the factory hands out whichever the URL asks for.
export type { PrismaClient }
/** A client or the client handed to a transaction callback: services take either. */
export type Db = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>

export type DatabaseKind = 'sqlite' | 'postgresql'
export type DatabaseOptions = Pick<Config, 'databaseUrl'> & Partial<Pick<Config, 'databasePoolSize' | 'databaseStatementTimeoutMs' | 'databaseConnectTimeoutMs' | 'databaseSsl' | 'databaseSslCa'>>

export function databaseKind (databaseUrl: string): DatabaseKind {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql'
  if (databaseUrl.startsWith('file:')) return 'sqlite'
  throw new Error('DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL).')
}

/** Path of the SQLite file a `file:` URL names, with its folder created. */
export function sqliteFile (databaseUrl: string): string {
  const file = databaseUrl.replace(/^file:/, '')
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  return file
}

const urlTlsParameters = ['sslmode', 'ssl', 'sslcert', 'sslkey', 'sslrootcert', 'uselibpqcompat']

/** node-postgres settings from the config: pool size, timeouts and TLS. */
export function pgPoolConfig (options: DatabaseOptions): PoolConfig {
  const ssl = options.databaseSsl === 'off'
    ? false
    : options.databaseSsl === 'require'
      ? { rejectUnauthorized: false }
      : options.databaseSsl === 'verify'
        ? { rejectUnauthorized: true, ...(options.databaseSslCa ? { ca: readFileSync(options.databaseSslCa, 'utf8') } : {}) }
        : undefined
  // node-postgres lets the URL's parameters override the options beside it, so a set
  // DATABASE_SSL takes the URL's TLS parameters out for its own to count.
  let connectionString = options.databaseUrl
  if (ssl !== undefined) {
    const url = new URL(options.databaseUrl)
    for (const name of urlTlsParameters) url.searchParams.delete(name)
    connectionString = url.toString()
  }
  return {
    connectionString,
    max: options.databasePoolSize ?? 10,
    connectionTimeoutMillis: options.databaseConnectTimeoutMs ?? 5000,
    // Sent as a start-up parameter, so it holds for every statement on the connection.
    ...(options.databaseStatementTimeoutMs ? { statement_timeout: options.databaseStatementTimeoutMs } : {}),
    ...(ssl !== undefined ? { ssl } : {}),
    application_name: 'dateline'
  }
}

const pools = new WeakMap<PrismaClient, pg.Pool>()

/** The node-postgres pool behind a PostgreSQL client (none on SQLite). */
export function connectionPool (client: PrismaClient): Pick<pg.Pool, 'totalCount' | 'idleCount' | 'waitingCount'> | undefined {
  return pools.get(client)
}

/** `log` passes Prisma's log settings through (a test counts SQL statements with it). */
export function createPrismaClient (options: DatabaseOptions | string, onPoolError?: (error: Error) => void, log?: Prisma.LogDefinition[]): PrismaClient {
  const settings = typeof options === 'string' ? { databaseUrl: options } : options
  if (databaseKind(settings.databaseUrl) === 'postgresql') {
    // Generated from the same models, so every model method takes and returns the same
    // shapes; TypeScript cannot prove it across two generated namespaces (their
    // conditional types are distinct), so the cast is checked by the test suite run on
    // PostgreSQL instead (TEST_DATABASE_URL).
    // The pool is made here rather than inside the adapter so its gauges (open, idle,
    // waiting connections) can be read for metrics; the adapter still closes it.
    const pool = new pg.Pool(pgPoolConfig(settings))
    const client = new PostgresqlClient({ adapter: new PrismaPg(pool, { onPoolError, disposeExternalPool: true }), log }) as unknown as PrismaClient
    pools.set(client, pool)
    return client
  }
  // Reads outside a transaction on a connection of their own: see sqlite-adapter.ts.
  const adapter = new SqliteReadWriteFactory(`file:${sqliteFile(settings.databaseUrl)}`)
  return new PrismaClient({ adapter, log })
}
