import { Prisma } from '../../generated/prisma/client.js'
import type { Dialect, OnceResult } from '../dialect.js'

// SQLite: one process owns the database file (the documented limit of this mode), so
// locks only need to hold within this process.
export class SqliteDialect implements Dialect {
  readonly kind = 'sqlite' as const
  readonly #held = new Map<string, Promise<unknown>>()

  // LIKE, which Prisma uses for `contains` on SQLite, ignores ASCII case already.
  containsIgnoringCase (text: string): Prisma.StringFilter {
    return { contains: text }
  }

  jsonText (column: Prisma.Sql, key: string): Prisma.Sql {
    return Prisma.sql`json_extract(${column}, ${'$.' + JSON.stringify(key)})`
  }

  jsonArrayLength (column: Prisma.Sql): Prisma.Sql {
    return Prisma.sql`json_array_length(${column})`
  }

  async withLock<T> (name: string, work: () => Promise<T>): Promise<T> {
    while (this.#held.has(name)) await this.#held.get(name)!.catch(() => {})
    const running = work()
    this.#held.set(name, running)
    try {
      return await running
    } finally {
      this.#held.delete(name)
    }
  }

  async once<T> (name: string, work: () => Promise<T>): Promise<OnceResult<T>> {
    if (this.#held.has(name)) return { ran: false }
    return { ran: true, value: await this.withLock(name, work) }
  }
}
