import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { latestSnapshot, migrationsDirs } from '../db/migrations.js'
import { derivePostgresqlSchema, postgresqlSchemaFile, sqliteSchemaFile } from '../db/schemas.js'

// npm run db:migration -- <name>: writes the next migration, for SQLite and for
// PostgreSQL, from the change to prisma/schema.prisma. `prisma migrate dev` cannot run
// offline (PRISMA-OFFLINE.md), so for each database this diffs the schema snapshot kept
// beside its last migration against the current schema, and keeps a new snapshot
// beside the new migration. Both folders get the same migration name.
const name = process.argv[2]
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:migration -- <name in snake_case>')
  process.exit(2)
}
const root = fileURLToPath(new URL('../../', import.meta.url))
const prisma = path.join(root, 'node_modules', '.bin', 'prisma')
writeFileSync(postgresqlSchemaFile, derivePostgresqlSchema(readFileSync(sqliteSchemaFile, 'utf8')))

const targets = [
  { schema: sqliteSchemaFile, dir: migrationsDirs.sqlite, config: 'prisma.config.ts' },
  { schema: postgresqlSchemaFile, dir: migrationsDirs.postgresql, config: 'prisma.postgresql.config.ts' }
]
// The CLI opens its config's adapter even for a schema-to-schema diff: give the
// SQLite one a scratch file, so no database of yours is touched or needed.
const scratch = mkdtempSync(path.join(tmpdir(), 'dateline-diff-'))
const env = { ...process.env, DATABASE_URL: `file:${path.join(scratch, 'diff.db')}` }
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
let written = 0
for (const { schema, dir, config } of targets) {
  const from = latestSnapshot(dir)
  const sql = execFileSync(prisma, ['migrate', 'diff', '--config', config, ...(from ? ['--from-schema-datamodel', from] : ['--from-empty']), '--to-schema-datamodel', schema, '--script'], { cwd: root, encoding: 'utf8', env: config === 'prisma.config.ts' ? env : process.env })
  if (/^-- This is an empty migration\.\s*$/.test(sql.trim())) continue
  const folder = path.join(dir, `${stamp}_${name}`)
  mkdirSync(folder)
  writeFileSync(path.join(folder, 'migration.sql'), sql)
  copyFileSync(schema, path.join(folder, 'schema.prisma'))
  console.log(`Wrote ${path.relative(root, folder)}/migration.sql`)
  written++
}
rmSync(scratch, { recursive: true, force: true })
console.log(written > 0
  ? 'Review them, then npm run db:migrate (SQLite, or PostgreSQL with DATABASE_URL=postgresql://...).'
  : 'prisma/schema.prisma has not changed since the last migration.')
