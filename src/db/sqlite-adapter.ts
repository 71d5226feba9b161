import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import type { IsolationLevel, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils'
import { Mutex } from 'async-mutex'

/**
 * Prisma's better-sqlite3 adapter holds one connection. An interactive transaction
 * takes it with BEGIN, and every statement sent outside the transaction meanwhile
 * runs on the same connection, so inside it: a public read during an import saw the
 * import's uncommitted articles (and could cache them), and a write made meanwhile
 * joined the import and was rolled back with it.
 *
 * This factory opens two connections to the file. Statements outside a transaction
 * that only read (SELECT) go to the second one, which in WAL mode reads the last
 * committed state without waiting for the writer; every other statement and every
 * transaction takes the first, one at a time. A `:memory:` database cannot be opened
 * twice, so it keeps the single connection.
 */
export class SqliteReadWriteFactory implements SqlDriverAdapterFactory {
  readonly provider = 'sqlite'
  readonly adapterName: string
  readonly #url: string

  constructor (url: string) {
    this.#url = url
    this.adapterName = new PrismaBetterSQLite3({ url }).adapterName
  }

  async connect (): Promise<SqlDriverAdapter> {
    const writer = await new PrismaBetterSQLite3({ url: this.#url }).connect()
    if (/^(file:)?:memory:$/.test(this.#url)) return writer
    const reader = await new PrismaBetterSQLite3({ url: this.#url }).connect()
    return new ReadWriteAdapter(writer, reader)
  }
}

const readOnly = /^\s*SELECT\b/i

class ReadWriteAdapter implements SqlDriverAdapter {
  readonly provider = 'sqlite'
  readonly adapterName: string
  readonly #writes = new Mutex()

  constructor (private readonly writer: SqlDriverAdapter, private readonly reader: SqlDriverAdapter) {
    this.adapterName = writer.adapterName
  }

  queryRaw (query: SqlQuery) {
    if (readOnly.test(query.sql)) return this.reader.queryRaw(query)
    return this.#writes.runExclusive(() => this.writer.queryRaw(query))
  }

  executeRaw (query: SqlQuery) {
    return this.#writes.runExclusive(() => this.writer.executeRaw(query))
  }

  executeScript (script: string) {
    return this.#writes.runExclusive(() => this.writer.executeScript(script))
  }

  async startTransaction (isolationLevel?: IsolationLevel): Promise<Transaction> {
    const release = await this.#writes.acquire()
    try {
      return exclusive(await this.writer.startTransaction(isolationLevel), release)
    } catch (error) {
      release()
      throw error
    }
  }

  async dispose () {
    await this.reader.dispose()
    await this.writer.dispose()
  }
}

/** The transaction as the writer gave it, holding the write lock until it ends. */
function exclusive (transaction: Transaction, release: () => void): Transaction {
  let released = false
  const end = async (finish: () => Promise<void>) => {
    try {
      await finish()
    } finally {
      if (!released) release()
      released = true
    }
  }
  return {
    provider: transaction.provider,
    adapterName: transaction.adapterName,
    options: transaction.options,
    queryRaw: (query) => transaction.queryRaw(query),
    executeRaw: (query) => transaction.executeRaw(query),
    commit: () => end(() => transaction.commit()),
    rollback: () => end(() => transaction.rollback())
  }
}
