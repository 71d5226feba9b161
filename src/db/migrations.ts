import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DatabaseKind } from './client.js'

// The migration folders and their history, shared by the runner of each database
// (migrate.ts for SQLite, migrate-postgresql.ts) and by src/cli/new-migration.ts.

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

/** The schema the newest migration produces (kept beside it), or undefined before the first. */
export function latestSnapshot (dir = migrationsDir): string | undefined {
  const last = readMigrations(dir).at(-1)
  return last ? path.join(dir, last.name, 'schema.prisma') : undefined
}
