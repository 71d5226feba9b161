import pg from 'pg'
import { Prisma } from '../../generated/prisma/client.js'
import { pgPoolConfig, type DatabaseOptions } from '../client.js'
import type { Dialect, OnceResult } from '../dialect.js'

// PostgreSQL: several processes share the database, so locks are advisory locks,
// held by a connection of their own (not one of the pool's, which Prisma hands to
// whichever query comes next) and released when the work ends or the process dies.
export class PostgresqlDialect implements Dialect {
  readonly kind = 'postgresql' as const

  constructor (private readonly options: DatabaseOptions) {}

  containsIgnoringCase (text: string): Prisma.StringFilter {
    // `mode` exists only in the PostgreSQL client's types (ILIKE).
    return { contains: text, mode: 'insensitive' } as Prisma.StringFilter
  }

  jsonText (column: Prisma.Sql, key: string): Prisma.Sql {
    return Prisma.sql`((${column})::jsonb ->> ${key}::text)`
  }

  jsonArrayLength (column: Prisma.Sql): Prisma.Sql {
    return Prisma.sql`jsonb_array_length((${column})::jsonb)`
  }

  async #locked<T> (name: string, wait: boolean, work: () => Promise<T>): Promise<OnceResult<T>> {
    const client = new pg.Client(pgPoolConfig({ ...this.options, databaseStatementTimeoutMs: 0 }))
    client.on('error', () => {}) // a dropped lock connection surfaces through the queries below
    await client.connect()
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        wait ? 'SELECT true AS locked FROM pg_advisory_lock(hashtext($1))' : 'SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [name])
      if (!rows[0]?.locked) return { ran: false }
      return { ran: true, value: await work() }
    } finally {
      await client.end().catch(() => {}) // ending the session releases its advisory locks
    }
  }

  async withLock<T> (name: string, work: () => Promise<T>): Promise<T> {
    const result = await this.#locked(name, true, work)
    if (!result.ran) throw new Error(`lock ${name} was not taken`)
    return result.value
  }

  once<T> (name: string, work: () => Promise<T>): Promise<OnceResult<T>> {
    return this.#locked(name, false, work)
  }
}
