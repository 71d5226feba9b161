import { createHash, randomUUID } from 'node:crypto'
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { databaseKind, sqliteFile, type DatabaseKind, type DatabaseOptions } from './client.js'
import { migratePostgresql } from './migrate-postgresql.js'

// Applies prisma/migrations at start-up, recording them in Prisma's own
// `_prisma_migrations` table so the Prisma CLI sees the same history.
// Written here rather than spawning `prisma migrate deploy` because the CLI costs a
// second and a process per database (every test file makes one), and its WASM
// engine cannot run a multi-statement file on better-sqlite3 (PRISMA-OFFLINE.md).
// PostgreSQL has its own migrations, derived from the same model (src/cli/new-migration.ts),
// applied under an advisory lock (migrate-postgresql.ts).

export const migrationsDir = fileURLToPath(new URL('../../prisma/migrations/', import.meta.url))
export const migrationsDirs: Record<DatabaseKind, string> = {
  sqlite: migrationsDir,
  postgresql: fileURLToPath(new URL('../../prisma/postgresql/migrations/', import.meta.url))
}

export interface Migration { name: string, sql: string, checksum: string }

export function readMigrations (dir = migrationsDir): Migration[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter(d => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
    .map(d => d.name)
    .sort()
    .map(name => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

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

export interface AppliedMigration { name: string, checksum: string }

/** The history rows that count as applied, in the same columns on both databases. */
export const appliedQuery = 'SELECT migration_name AS name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL'

/** The migrations still to apply, in order; stops start-up if an applied one was edited since. */
export function pendingMigrations (migrations: Migration[], applied: AppliedMigration[]): Migration[] {
  const checksums = new Map(applied.map(row => [row.name, row.checksum]))
  return migrations.filter(migration => {
    const checksum = checksums.get(migration.name)
    if (checksum !== undefined && checksum !== migration.checksum) throw new Error(`migration ${migration.name} was changed after it was applied`)
    return checksum === undefined
  })
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

/** The schema the newest migration produces (kept beside it), or undefined before the first. */
export function latestSnapshot (dir = migrationsDir): string | undefined {
  const last = readMigrations(dir).at(-1)
  return last ? path.join(dir, last.name, 'schema.prisma') : undefined
}
