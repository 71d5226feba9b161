import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { pgPoolConfig, type DatabaseOptions } from './client.js'
import { appliedQuery, pendingMigrations, type AppliedMigration, type Migration } from './migrations.js'

/** Key of the session advisory lock every instance takes before migrating (any constant works; this one spells "dateline" in hex-ish). */
export const migrationLockKey = 0x0da7e11e

// Prisma's own history table, as `prisma migrate deploy` creates it on PostgreSQL.
const historyTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`

/**
 * Applies pending migrations on one connection holding a session advisory lock, so
 * instances starting together take turns: the first applies, the others then find
 * nothing to do. Each migration and its history row commit together.
 */
export async function migratePostgresql (options: DatabaseOptions, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client(pgPoolConfig({ ...options, databaseStatementTimeoutMs: 0 }))
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey])
    await client.query(historyTable)
    const { rows } = await client.query<AppliedMigration>(appliedQuery)
    const done: string[] = []
    for (const migration of pendingMigrations(migrations, rows)) {
      await client.query('BEGIN')
      try {
        await client.query(migration.sql)
        await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
          VALUES ($1, $2, now(), $3, now(), 1)`, [randomUUID(), migration.checksum, migration.name])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      }
      done.push(migration.name)
    }
    return done
  } finally {
    // Ending the session releases the lock too; unlocking first lets the next instance go at once.
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]).catch(() => {})
    await client.end()
  }
}
