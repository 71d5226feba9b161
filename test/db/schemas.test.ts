import { readFileSync } from 'node:fs'
import t from 'tap'
import { latestSnapshot, migrationsDirs, readMigrations } from '../../src/db/migrations.js'
import { derivePostgresqlSchema, postgresqlSchemaFile, sqliteSchemaFile } from '../../src/db/schemas.js'

// One model: prisma/schema.prisma. Everything for PostgreSQL follows from it.
const read = (file: string) => readFileSync(file, 'utf8')

t.test('prisma/postgresql/schema.prisma is derived from prisma/schema.prisma (else: npm run db:migration -- <name>)', async t => {
  t.equal(read(postgresqlSchemaFile), derivePostgresqlSchema(read(sqliteSchemaFile)))
})

t.test('the derived schema differs only in provider and client folder', async t => {
  const derived = derivePostgresqlSchema(read(sqliteSchemaFile))
  t.match(derived, /provider = "postgresql"/)
  t.match(derived, /output {10}= "\.\.\/\.\.\/src\/generated\/postgresql"/)
  t.notMatch(derived, /sqlite/)
  const models = (schema: string) => schema.slice(schema.indexOf('\nmodel '))
  t.equal(models(derived), models(read(sqliteSchemaFile)), 'every model the same')
})

t.test('each database has migrations up to date with the model', async t => {
  t.equal(read(latestSnapshot(migrationsDirs.sqlite)!), read(sqliteSchemaFile))
  t.equal(read(latestSnapshot(migrationsDirs.postgresql)!), read(postgresqlSchemaFile))
})

t.test('both databases have the same migration history, by name', async t => {
  const names = (dir: string) => readMigrations(dir).map(m => m.name)
  t.ok(names(migrationsDirs.sqlite).length > 0)
  t.same(names(migrationsDirs.postgresql), names(migrationsDirs.sqlite))
})
