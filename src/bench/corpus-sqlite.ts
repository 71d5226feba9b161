import Database from 'better-sqlite3'
import { sqliteFile } from '../db/client.js'
import { corpusTables, valuesOf, type CorpusRow, type CorpusTable, type Value } from './corpus.js'

// Writes the corpus into SQLite through one prepared statement per table, in one
// transaction; the FTS5 index fills itself through the migration's triggers.

// The adapter's own format for DateTime columns (see @prisma/adapter-better-sqlite3),
// and SQLite's booleans, which are integers.
function sqliteValue (value: Value): string | number | null {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00')
  if (typeof value === 'boolean') return value ? 1 : 0
  return value
}

/** Whether the (migrated) database already holds articles. */
export function sqliteHasArticles (databaseUrl: string): boolean {
  const db = new Database(sqliteFile(databaseUrl), { readonly: true })
  try {
    return db.prepare('SELECT 1 FROM "Article" LIMIT 1').get() !== undefined
  } finally {
    db.close()
  }
}

export function writeSqliteCorpus (databaseUrl: string, rows: Iterable<CorpusRow>): void {
  const db = new Database(sqliteFile(databaseUrl))
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = OFF')
    const insert = Object.fromEntries(Object.entries(corpusTables).map(([table, columns]) => [table,
      db.prepare(`INSERT INTO "${table}" (${columns.map(c => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
    ])) as Record<CorpusTable, Database.Statement>
    db.transaction(() => {
      for (const row of rows) insert[row.table].run(...valuesOf(row).map(sqliteValue))
    })()
    // Fresh statistics, as a long-running database gathers with PRAGMA optimize.
    db.exec('ANALYZE')
  } finally {
    db.close()
  }
}
