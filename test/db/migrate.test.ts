import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { latestSnapshot, migrate, migrationsDir, readMigrations } from '../../src/db/migrate.js'

function scratch (t: { teardown: (fn: () => void) => void }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dateline-migrate-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

t.test('applies every migration once and records it where Prisma looks', async t => {
  const dir = scratch(t)
  const url = `file:${path.join(dir, 'db', 'm.db')}`
  const names = readMigrations().map(m => m.name)
  t.ok(names.length > 0)
  t.same(migrate(url), names)
  t.same(migrate(url), [], 'nothing the second time')
  const db = new Database(url.slice(5))
  const rows = db.prepare('SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name').all() as Array<{ migration_name: string, checksum: string, finished_at: number }>
  t.same(rows.map(r => r.migration_name), names)
  t.match(rows[0].checksum, /^[0-9a-f]{64}$/)
  t.ok(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'Article'").get())
  db.close()
})

t.test('a migration edited after it was applied stops start-up', async t => {
  const dir = scratch(t)
  const copy = path.join(dir, 'migrations')
  cpSync(migrationsDir, copy, { recursive: true })
  const url = `file:${path.join(dir, 'm.db')}`
  migrate(url, copy)
  const [first] = readMigrations(copy)
  writeFileSync(path.join(copy, first.name, 'migration.sql'), first.sql + '\n-- edited\n')
  t.throws(() => migrate(url, copy), /was changed after it was applied/)
})

t.test('a failing migration leaves no trace', async t => {
  const dir = scratch(t)
  const copy = path.join(dir, 'migrations')
  cpSync(migrationsDir, copy, { recursive: true })
  const url = `file:${path.join(dir, 'm.db')}`
  migrate(url, copy)
  const broken = path.join(copy, '99999999999999_broken')
  cpSync(path.join(copy, readMigrations(copy)[0].name), broken, { recursive: true })
  writeFileSync(path.join(broken, 'migration.sql'), 'CREATE TABLE "Fine" ("id" TEXT);\nTHIS IS NOT SQL;\n')
  t.throws(() => migrate(url, copy))
  const db = new Database(url.slice(5))
  t.notOk(db.prepare("SELECT name FROM sqlite_master WHERE name = 'Fine'").get(), 'rolled back')
  t.notOk(db.prepare("SELECT 1 FROM _prisma_migrations WHERE migration_name = '99999999999999_broken'").get())
  db.close()
})

t.test('the migrations are up to date with prisma/schema.prisma (else: npm run db:migration -- <name>)', async t => {
  const snapshot = latestSnapshot()
  t.ok(snapshot, 'the newest migration keeps the schema it produces')
  t.equal(readFileSync(snapshot!, 'utf8'), readFileSync(new URL('../../prisma/schema.prisma', import.meta.url), 'utf8'))
})
