import { databaseKind, type DatabaseOptions } from '../db/client.js'
import type { CorpusRow } from './corpus.js'
import { postgresqlHasArticles, writePostgresqlCorpus } from './corpus-postgresql.js'
import { sqliteHasArticles, writeSqliteCorpus } from './corpus-sqlite.js'

// The corpus writer for the database a URL names.

/** Whether the (migrated) database already holds articles. */
export async function hasArticles (options: DatabaseOptions): Promise<boolean> {
  return databaseKind(options.databaseUrl) === 'postgresql' ? await postgresqlHasArticles(options) : sqliteHasArticles(options.databaseUrl)
}

export async function writeCorpus (options: DatabaseOptions, rows: Iterable<CorpusRow>): Promise<void> {
  if (databaseKind(options.databaseUrl) === 'postgresql') await writePostgresqlCorpus(options, rows)
  else writeSqliteCorpus(options.databaseUrl, rows)
}
