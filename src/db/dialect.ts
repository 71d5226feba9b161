import { Prisma } from '../generated/prisma/client.js'
import { databaseKind, type DatabaseKind, type DatabaseOptions } from './client.js'
import { PostgresqlDialect } from './dialects/postgresql.js'
import { postgresqlSearch } from './dialects/search-postgresql.js'
import { sqliteSearch } from './dialects/search-sqlite.js'
import type { SearchDialect } from '../services/search.js'
import { SqliteDialect } from './dialects/sqlite.js'

// What differs between the databases, behind one interface with one implementation
// each (src/db/dialects/). Services ask the dialect instead of testing the URL.
// Full-text search has its own interface, SearchDialect in src/services/search.ts,
// with one implementation per database beside these (dialects/search-*.ts).

export type OnceResult<T> = { ran: true, value: T } | { ran: false }

export interface Dialect {
  readonly kind: DatabaseKind
  /** A Prisma string filter for values containing `text`, ignoring case. */
  containsIgnoringCase (text: string): Prisma.StringFilter
  /** SQL for the text at `key` of a JSON object kept in a text column (null when absent). */
  jsonText (column: Prisma.Sql, key: string): Prisma.Sql
  /** SQL for the length of a JSON array kept in a text column. */
  jsonArrayLength (column: Prisma.Sql): Prisma.Sql
  /**
   * Runs `work` holding the lock `name` across every process using this database,
   * waiting for it if another holds it (start-up seeding, scheduled jobs).
   */
  withLock<T> (name: string, work: () => Promise<T>): Promise<T>
  /** Runs `work` only if no one holds the lock `name` now: what N instances use for "exactly one of us". */
  once<T> (name: string, work: () => Promise<T>): Promise<OnceResult<T>>
}

export function createDialect (options: DatabaseOptions): Dialect {
  return databaseKind(options.databaseUrl) === 'postgresql' ? new PostgresqlDialect(options) : new SqliteDialect()
}

/** The full-text search implementation for a database. */
export function searchFor (kind: DatabaseKind): SearchDialect {
  return kind === 'postgresql' ? postgresqlSearch : sqliteSearch
}

/** A quoted column name as SQL, for the dialect's SQL helpers. */
export function column (name: string): Prisma.Sql {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a column name: ${name}`)
  return Prisma.raw(`"${name}"`)
}
