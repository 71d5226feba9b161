import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import { databaseKind, sqliteFile, type DatabaseOptions } from './client.js'
import { migratePostgresql } from './migrate-postgresql.js'
import { appliedQuery, migrationsDirs, pendingMigrations, readMigrations, type AppliedMigration, type Migration } from './migrations.js'

// Applies prisma/migrations at start-up, recording them in Prisma's own
// `_prisma_migrations` table so the Prisma CLI sees the same history.
// Written here rather than spawning `prisma migrate deploy` because the CLI costs a
// second and a process per database (every test file makes one), and its WASM
// engine cannot run a multi-statement file on better-sqlite3 (PRISMA-OFFLINE.md).
// PostgreSQL has its own migrations, derived from the same model (src/cli/new-migration.ts),
// applied under an advisory lock (migrate-postgresql.ts).

const historyTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`

/**
 * Applies pending migrations in order, each in its own transaction, from the folder for
 * the URL's database unless told otherwise. Returns the names applied.
 */
export async function migrate (options: DatabaseOptions | string, dir?: string): Promise<string[]> {
  const settings = typeof options === 'string' ? { databaseUrl: options } : options
  const kind = databaseKind(settings.databaseUrl)
  const migrations = readMigrations(dir ?? migrationsDirs[kind])
  return kind === 'postgresql' ? await migratePostgresql(settings, migrations) : migrateSqlite(settings.databaseUrl, migrations)
}

function migrateSqlite (databaseUrl: string, migrations: Migration[]): string[] {
  const db = new Database(sqliteFile(databaseUrl))
  try {
    db.pragma('journal_mode = WAL')
    db.exec(historyTable)
    const applied = db.prepare(appliedQuery).all() as AppliedMigration[]
    const done: string[] = []
    for (const migration of pendingMigrations(migrations, applied)) {
      db.transaction(() => {
        db.exec(migration.sql)
        db.prepare(`INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
          VALUES (?, ?, ?, ?, ?, 1)`).run(randomUUID(), migration.checksum, Date.now(), migration.name, Date.now())
      }).immediate()
      done.push(migration.name)
    }
    return done
  } finally {
    db.close()
  }
}
