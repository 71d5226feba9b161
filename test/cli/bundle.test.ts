import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { onPostgresql, testDatabaseUrl } from '../helper.js'

const run = promisify(execFile)
const cliFile = (name: string) => path.resolve(`src/cli/${name}.ts`)

t.test('npm run import and npm run export: a dry run writes nothing, an export imports back unchanged', async t => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dateline-cli-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'cli.db')}` }
  const cli = (name: string, args: string[]) => run(process.execPath, ['--import', 'tsx', cliFile(name), ...args], { env })
  const bundle = path.join(dir, 'one.json')
  writeFileSync(bundle, JSON.stringify({ format: 'dateline-bundle', version: 1, entities: [{ slug: 'aleppo', kind: 'place', name: 'Aleppo' }], articles: [{ slug: 'aleppo-report', title: 'Aleppo', body: 'Aleppo was quiet.', status: 'published', publishedAt: '2024-01-01T00:00:00.000Z' }] }))

  const dry = await cli('import', [bundle, '--dry-run'])
  t.match(dry.stdout, /Dry run: nothing was written/)
  t.match(dry.stdout, /articles\s+1 created, 0 updated, 0 unchanged/)
  const out = path.join(dir, 'export.json')
  await cli('export', ['--out', out])
  t.same(JSON.parse(readFileSync(out, 'utf8')).articles, [], 'the dry run wrote nothing')

  t.match((await cli('import', [bundle])).stdout, /articles\s+1 created/)
  await cli('export', ['--out', out])
  t.same(JSON.parse(readFileSync(out, 'utf8')).articles.map((a: { slug: string }) => a.slug), ['aleppo-report'])
  t.match((await cli('import', [out])).stdout, /entities\s+0 created, 0 updated, 1 unchanged[\s\S]*articles\s+0 created, 0 updated, 1 unchanged/)

  writeFileSync(bundle, JSON.stringify({ format: 'dateline-bundle', version: 1, articles: [{ slug: 'x', title: 'X', body: 'B.', status: 'live' }] }))
  await t.rejects(cli('import', [bundle]), { code: 1, stderr: /\/articles\/0\/status/ })
})

t.test('npm run export and import on an empty PostgreSQL database migrate it first', { skip: onPostgresql ? false : 'needs PostgreSQL: set TEST_DATABASE_URL' }, async t => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dateline-cli-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const env = { ...process.env, DATABASE_URL: testDatabaseUrl(t), TOKEN_SECRET: 'cli-test-token-secret-0123456789abcdef0123' }
  const cli = (name: string, args: string[]) => run(process.execPath, ['--import', 'tsx', cliFile(name), ...args], { env })
  const out = path.join(dir, 'export.json')
  await cli('export', ['--out', out])
  t.same(JSON.parse(readFileSync(out, 'utf8')).articles, [])
  t.match((await cli('import', [out])).stdout, /articles\s+0 created/)
})
