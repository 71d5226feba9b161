import pg from 'pg'
import { pgPoolConfig, type DatabaseOptions } from '../db/client.js'
import { corpusTables, valuesOf, type CorpusRow, type CorpusTable, type Value } from './corpus.js'

// Writes the corpus into PostgreSQL with multi-row INSERTs, in one transaction. The
// search tables fill themselves through the migration's triggers, row by row, as
// they do for every other writer; that is most of the time this takes.

/** A statement carries at most 65,535 parameters (the protocol counts them in 16 bits). */
const maxParameters = 65_535

// DateTime columns are timestamp(3) without time zone holding UTC, as Prisma writes
// them: an ISO string's Z is dropped by PostgreSQL, where node-postgres would send a
// Date in the process's local time.
function postgresqlValue (value: Value): string | number | boolean | null {
  return value instanceof Date ? value.toISOString() : value
}

async function connect (options: DatabaseOptions): Promise<pg.Client> {
  const client = new pg.Client(pgPoolConfig({ ...options, databaseStatementTimeoutMs: 0 }))
  await client.connect()
  return client
}

/** A database URL fit to print: its password, if any, masked. */
export function printableUrl (databaseUrl: string): string {
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) return databaseUrl
  const url = new URL(databaseUrl)
  if (url.password) url.password = '***'
  return url.toString()
}

/** Whether the (migrated) database already holds articles. */
export async function postgresqlHasArticles (options: DatabaseOptions): Promise<boolean> {
  const client = await connect(options)
  try {
    return (await client.query('SELECT 1 FROM "Article" LIMIT 1')).rowCount !== 0
  } finally {
    await client.end()
  }
}

export async function writePostgresqlCorpus (options: DatabaseOptions, rows: Iterable<CorpusRow>): Promise<void> {
  const client = await connect(options)
  const tables = Object.keys(corpusTables) as CorpusTable[]
  const pending = Object.fromEntries(tables.map(table => [table, [] as Value[][]])) as Record<CorpusTable, Value[][]>
  const batchRows = (table: CorpusTable) => Math.floor(maxParameters / corpusTables[table].length)

  async function insert (table: CorpusTable, batch: Value[][]): Promise<void> {
    const columns = corpusTables[table]
    const tuples = batch.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`)
    await client.query(`INSERT INTO "${table}" (${columns.map(c => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, batch.flat().map(postgresqlValue))
  }

  // Every table is written, in corpusTables order, whenever one is full: a row may
  // reference rows still waiting in another table's batch, never rows yet to come.
  async function flush (): Promise<void> {
    for (const table of tables) {
      if (pending[table].length > 0) await insert(table, pending[table].splice(0))
    }
  }

  try {
    await client.query('BEGIN')
    for (const row of rows) {
      const batch = pending[row.table]
      batch.push(valuesOf(row))
      if (batch.length >= batchRows(row.table)) await flush()
    }
    await flush()
    await checkSearchTables(client)
    await client.query('COMMIT')
    // VACUUM besides ANALYZE: it sets the visibility map (so index-only scans skip the
    // heap) and the hint bits at once, where autovacuum would do both in the middle of
    // the first benchmark. It cannot run inside a transaction, hence after COMMIT.
    await client.query('VACUUM (ANALYZE)')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    await client.end()
  }
}

/** The triggers fill one search row per article, entity and quote: a mismatch means a migration broke them. */
async function checkSearchTables (client: pg.Client): Promise<void> {
  const { rows: [counts] } = await client.query<Record<string, string>>(`SELECT
    (SELECT count(*) FROM "Article") AS "Article", (SELECT count(*) FROM "article_search") AS "article_search",
    (SELECT count(*) FROM "Entity") AS "Entity", (SELECT count(*) FROM "entity_search") AS "entity_search",
    (SELECT count(*) FROM "Quote") AS "Quote", (SELECT count(*) FROM "quote_search") AS "quote_search"`)
  for (const [table, search] of [['Article', 'article_search'], ['Entity', 'entity_search'], ['Quote', 'quote_search']]) {
    if (counts[table] !== counts[search]) throw new Error(`${search} holds ${counts[search]} rows for ${counts[table]} in ${table}: the search triggers did not run`)
  }
}
