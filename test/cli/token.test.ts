import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { onPostgresql, testDatabaseUrl } from '../helper.js'

const run = promisify(execFile)
// Each CLI run is a fresh Node process compiling TypeScript on the fly: slow on a busy machine.
t.setTimeout(360_000)
const cli = path.resolve('src/cli/token.ts')

t.test('npm run token creates the first admin token, lists and revokes it', async t => {
  // On SQLite the CLI and the server share the key file beside the database; on
  // PostgreSQL they share TOKEN_SECRET, as instances must.
  const secretEnv: Record<string, string> = onPostgresql ? { TOKEN_SECRET: 'cli-test-token-secret-0123456789abcdefghij' } : {}
  const env = { ...process.env, DATABASE_URL: testDatabaseUrl(t), SEED_ON_START: 'never', ...secretEnv }
  const token = (args: string[]) => run(process.execPath, ['--import', 'tsx', cli, ...args], { env })

  const created = await token(['create', '--name', 'first-admin', '--scopes', 'admin', '--expires-in', '30d'])
  const secret = created.stdout.trim()
  t.match(secret, /^dl_[A-Za-z0-9_-]{32}$/, 'only the token on stdout, for scripts')
  t.match(created.stderr, /shown this once/)

  const app = await buildApp(loadConfig({ DATABASE_URL: env.DATABASE_URL, SEED_ON_START: 'never', LOG_LEVEL: 'silent', MAX_EVENT_LOOP_DELAY_MS: '0', ...secretEnv }, false), false)
  t.teardown(() => app.close())
  const res = await app.inject({ url: '/v1/tokens', headers: { authorization: `Bearer ${secret}` } })
  t.equal(res.statusCode, 200, 'the server accepts it (same token key)')
  t.ok(res.json().data[0].lastUsedAt, 'use is recorded')

  t.match((await token(['list'])).stdout, /first-admin\tdl_.{6}…\tadmin\tactive/)
  t.match((await token(['revoke', 'first-admin'])).stdout, /Revoked "first-admin"/)
  t.equal((await app.inject({ url: '/v1/tokens', headers: { authorization: `Bearer ${secret}` } })).statusCode, 401)

  await t.rejects(token(['create', '--name', 'x', '--scopes', 'root']), { code: 2, stderr: /--scopes must list some of/ })
})

t.test('npm run token: a taken name and arguments it does not understand are clear errors', async t => {
  const env = { ...process.env, DATABASE_URL: testDatabaseUrl(t), SEED_ON_START: 'never', TOKEN_SECRET: 'cli-test-token-secret-0123456789abcdefghij' }
  const token = (args: string[]) => run(process.execPath, ['--import', 'tsx', cli, ...args], { env })

  await token(['create', '--name', 'importer', '--scopes', 'content:write'])
  const taken = await token(['create', '--name', 'importer', '--scopes', 'content:write']).then(() => null, (error: { code: number, stderr: string }) => error)
  t.ok(taken, 'a second token with the same name fails')
  t.equal(taken?.code, 1)
  t.equal(taken?.stderr.trim(), 'A token named "importer" already exists. Pick another --name, or see them with: npm run token -- list', 'one line, no Prisma internals')

  // Copied from the README's usage line, brackets and all.
  await t.rejects(token(['create', '--name', 'ci', '--scopes', 'admin', '[--expires-in', '90d]']), {
    code: 2,
    stderr: /^Unexpected arguments: \[--expires-in 90d\] \(drop the brackets[^\n]*\n\nUsage:/
  })
  await t.rejects(token(['create', '--name', 'ci', '--scopes', 'admin', '--expire-in', '90d']), { code: 2, stderr: /Unknown option '--expire-in'[\s\S]*Usage:/ })
  await t.rejects(token(['revoke', 'importer', 'ci']), { code: 2, stderr: /Unexpected argument: ci/ })
  const list = (await token(['list'])).stdout
  t.match(list, /importer/, 'the refused commands changed nothing')
  t.notMatch(list, /^\S+\tci\t/m)
})
