import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'

const run = promisify(execFile)
const cli = path.resolve('src/cli/token.ts')

t.test('npm run token creates the first admin token, lists and revokes it', async t => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dateline-cli-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'cli.db')}`, SEED_ON_START: 'never' }
  const token = (args: string[]) => run(process.execPath, ['--import', 'tsx', cli, ...args], { env })

  const created = await token(['create', '--name', 'first-admin', '--scopes', 'admin', '--expires-in', '30d'])
  const secret = created.stdout.trim()
  t.match(secret, /^dl_[A-Za-z0-9_-]{32}$/, 'only the token on stdout, for scripts')
  t.match(created.stderr, /shown this once/)

  const app = await buildApp(loadConfig({ DATABASE_URL: env.DATABASE_URL, SEED_ON_START: 'never', LOG_LEVEL: 'silent' }, false), false)
  t.teardown(() => app.close())
  const res = await app.inject({ url: '/v1/tokens', headers: { authorization: `Bearer ${secret}` } })
  t.equal(res.statusCode, 200, 'the server accepts it (same secret file beside the database)')
  t.ok(res.json().data[0].lastUsedAt, 'use is recorded')

  t.match((await token(['list'])).stdout, /first-admin\tdl_.{6}…\tadmin\tactive/)
  t.match((await token(['revoke', 'first-admin'])).stdout, /Revoked "first-admin"/)
  t.equal((await app.inject({ url: '/v1/tokens', headers: { authorization: `Bearer ${secret}` } })).statusCode, 401)

  await t.rejects(token(['create', '--name', 'x', '--scopes', 'root']), { code: 2, stderr: /--scopes must list some of/ })
})
