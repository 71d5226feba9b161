import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { createPrismaClient, databaseKind } from '../../src/db/client.js'
import { migrate } from '../../src/db/migrate.js'
import { migrationsDirs, readMigrations } from '../../src/db/migrations.js'
import { testDatabaseUrl } from '../helper.js'

// Runs on the test database (SQLite, or PostgreSQL with TEST_DATABASE_URL).

function scratch (t: Parameters<typeof testDatabaseUrl>[0]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dateline-migrate-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

function client (t: Parameters<typeof testDatabaseUrl>[0], url: string) {
  const prisma = createPrismaClient(url)
  t.teardown(() => prisma.$disconnect())
  return prisma
}

const tableExists = (url: string) => databaseKind(url) === 'sqlite'
  ? (name: string) => `SELECT name FROM sqlite_master WHERE type = 'table' AND name = '${name}'`
  : (name: string) => `SELECT 1 AS found FROM pg_tables WHERE schemaname = 'public' AND tablename = '${name}'`

t.test('applies every migration once and records it where Prisma looks', async t => {
  const url = testDatabaseUrl(t)
  const names = readMigrations(migrationsDirs[databaseKind(url)]).map(m => m.name)
  t.ok(names.length > 0)
  t.same(await migrate(url), names)
  t.same(await migrate(url), [], 'nothing the second time')
  const prisma = client(t, url)
  const rows = await prisma.$queryRawUnsafe<Array<{ migration_name: string, checksum: string }>>('SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name')
  t.same(rows.map(r => r.migration_name), names)
  t.match(rows[0].checksum, /^[0-9a-f]{64}$/)
  t.equal((await prisma.$queryRawUnsafe<unknown[]>(tableExists(url)('Article'))).length, 1)
})

t.test('instances starting together apply each migration once', async t => {
  const url = testDatabaseUrl(t)
  const results = await Promise.all([migrate(url), migrate(url), migrate(url)])
  const names = readMigrations(migrationsDirs[databaseKind(url)]).map(m => m.name)
  t.same(results.flat().sort(), names, 'every migration applied by exactly one of them')
  const rows = await client(t, url).$queryRawUnsafe<unknown[]>('SELECT 1 FROM "_prisma_migrations"')
  t.equal(rows.length, names.length)
})

t.test('a migration edited after it was applied stops start-up', async t => {
  const url = testDatabaseUrl(t)
  const copy = path.join(scratch(t), 'migrations')
  cpSync(migrationsDirs[databaseKind(url)], copy, { recursive: true })
  await migrate(url, copy)
  const [first] = readMigrations(copy)
  writeFileSync(path.join(copy, first.name, 'migration.sql'), first.sql + '\n-- edited\n')
  await t.rejects(migrate(url, copy), /was changed after it was applied/)
})

t.test('a failing migration leaves no trace', async t => {
  const url = testDatabaseUrl(t)
  const copy = path.join(scratch(t), 'migrations')
  cpSync(migrationsDirs[databaseKind(url)], copy, { recursive: true })
  await migrate(url, copy)
  const broken = path.join(copy, '99999999999999_broken')
  cpSync(path.join(copy, readMigrations(copy)[0].name), broken, { recursive: true })
  writeFileSync(path.join(broken, 'migration.sql'), 'CREATE TABLE "Fine" ("id" TEXT);\nTHIS IS NOT SQL;\n')
  await t.rejects(migrate(url, copy))
  const prisma = client(t, url)
  t.equal((await prisma.$queryRawUnsafe<unknown[]>(tableExists(url)('Fine'))).length, 0, 'rolled back')
  t.equal((await prisma.$queryRawUnsafe<unknown[]>('SELECT 1 FROM "_prisma_migrations" WHERE migration_name = \'99999999999999_broken\'')).length, 0)
})
