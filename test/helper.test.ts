import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { emailLeaks, sqliteTemplate, sweepSqliteTemplates, TEMPLATE_STALE_MS, templateKey } from './helper.js'

// The email scan that comment tests rely on must itself catch a leak.
t.test('emailLeaks finds an email in any line, whatever its case', async t => {
  t.same(emailLeaks(['201 {} {"authorName":"Ada"}'], ['ada@example.org']), [])
  t.same(emailLeaks(['{"msg":"x"}', '200 {} {"author":"ADA@Example.org"}'], ['ada@example.org', 'bo@example.org']), ['ada@example.org'])
})

// Template databases are reused while their hash holds and swept once stale, and
// concurrent test processes share one build.
t.test('sweepSqliteTemplates drops other hashes unused for an hour and keeps the rest', async t => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dateline-sweep-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const old = new Date(Date.now() - TEMPLATE_STALE_MS - 60_000)
  const files = ['current-seeded.db', 'old-seeded.db', 'old-empty.db.123.partial', 'recent-seeded.db', 'current-empty.db']
  for (const name of files) writeFileSync(path.join(dir, name), 'x')
  for (const name of ['current-empty.db', 'old-seeded.db', 'old-empty.db.123.partial']) utimesSync(path.join(dir, name), old, old)
  sweepSqliteTemplates(dir, 'current')
  t.same(readdirSync(dir).sort(), ['current-empty.db', 'current-seeded.db', 'recent-seeded.db'],
    'this hash is kept however old; another hash only while used in the last hour (another checkout may be running)')
})

t.test('sqliteTemplate: two processes at once get one whole template, named by the hash, reused while it holds', async t => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dateline-templates-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  // A stale template of an old hash, to be swept by the build.
  writeFileSync(path.join(dir, '0ld0ld0ld0ld-seeded.db'), 'x')
  const old = new Date(Date.now() - TEMPLATE_STALE_MS - 60_000)
  utimesSync(path.join(dir, '0ld0ld0ld0ld-seeded.db'), old, old)
  // Two processes at once, as two tap workers starting together.
  const script = `import { sqliteTemplate } from ${JSON.stringify(path.resolve(import.meta.dirname, 'helper.ts'))}
    const file = sqliteTemplate(false, process.argv[1]); console.log(file)`
  const both = await Promise.all([0, 1].map(() => new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir], { cwd: path.resolve(import.meta.dirname, '..') },
      (error, stdout) => error ? reject(error) : resolve(stdout.trim())))))
  t.equal(both[0], both[1], 'both use the same file')
  t.equal(both[0], path.join(dir, `${templateKey()}-empty.db`), 'named after the hash of the tree')
  t.same(readdirSync(dir), [`${templateKey()}-empty.db`], 'no lock, partial file or stale template left')
  const made = statSync(both[0])
  t.equal(sqliteTemplate(false, dir), both[0], 'reused while the hash holds')
  t.equal(statSync(both[0]).ino, made.ino, 'not rebuilt')
})
