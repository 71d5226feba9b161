import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { latestSnapshot, migrationsDir } from '../db/migrate.js'

// npm run db:migration -- <name>: writes the next migration from the change to
// prisma/schema.prisma. `prisma migrate dev` cannot run offline (PRISMA-OFFLINE.md),
// so this diffs the schema snapshot kept beside the last migration against the
// current schema, and keeps a new snapshot beside the new migration.
const name = process.argv[2]
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:migration -- <name in snake_case>')
  process.exit(2)
}
const root = fileURLToPath(new URL('../../', import.meta.url))
const schema = path.join(root, 'prisma', 'schema.prisma')
const from = latestSnapshot()
const prisma = path.join(root, 'node_modules', '.bin', 'prisma')
const sql = execFileSync(prisma, ['migrate', 'diff', ...(from ? ['--from-schema-datamodel', from] : ['--from-empty']), '--to-schema-datamodel', schema, '--script'], { cwd: root, encoding: 'utf8' })
if (/^-- This is an empty migration\.\s*$/.test(sql.trim())) {
  console.log('prisma/schema.prisma has not changed since the last migration.')
  process.exit(0)
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
const dir = path.join(migrationsDir, `${stamp}_${name}`)
mkdirSync(dir)
writeFileSync(path.join(dir, 'migration.sql'), sql)
copyFileSync(schema, path.join(dir, 'schema.prisma'))
console.log(`Wrote ${path.relative(root, dir)}/migration.sql; review it, then npm run db:migrate.`)
