import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { testServerUrl } from '../helper.js'

// Issue 15, defect 10: a PostgreSQL database that is missing or unreachable at start
// used to end the server and the CLIs with an uncaught driver stack trace. Now: one
// line on stderr naming what is wrong (never the password), exit code 1. (db:migrate and
// db:seed go through the same guard, src/db/startup-errors.ts.)

const run = promisify(execFile)
const entry = (file: string) => path.resolve('src', file)
const commands: Array<[string, string[]]> = [
  ['server', [entry('server.ts')]],
  ['import', [entry('cli/import.ts'), 'prisma/seed/summit-story.json']],
  ['export', [entry('cli/export.ts')]]
]

async function failure (args: string[], databaseUrl: string) {
  const env = { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', TOKEN_SECRET: 'unreachable-test-token-secret-0123456789ab' }
  const error = await run(process.execPath, ['--import', 'tsx', ...args], { env, timeout: 60_000 })
    .then(() => null, (e: { code: number, stderr: string }) => e)
  return error
}

t.test('an unreachable PostgreSQL server: one line and exit code 1', async t => {
  // In parallel: each is a process start, and the file has a time limit.
  const errors = await Promise.all(commands.map(([, args]) => failure(args, 'postgresql://dateline:s3cret-pw@127.0.0.1:1/dateline')))
  for (const [index, [name]] of commands.entries()) {
    const error = errors[index]
    t.ok(error, `${name} fails`)
    t.equal(error?.code, 1, `${name} exits with 1`)
    t.equal(error?.stderr, 'Cannot reach the database at 127.0.0.1:1/dateline (ECONNREFUSED): is the server running, and is DATABASE_URL right?\n', `${name}: one line, no stack trace`)
    t.notMatch(error?.stderr ?? '', /s3cret-pw/, 'the password is not shown')
  }
})

t.test('a PostgreSQL database that does not exist: one line and exit code 1', { skip: testServerUrl ? false : 'needs PostgreSQL: set TEST_DATABASE_URL' }, async t => {
  const url = new URL(testServerUrl!)
  url.pathname = '/dateline_no_such_database'
  const errors = await Promise.all(commands.map(([, args]) => failure(args, url.toString())))
  for (const [index, [name]] of commands.entries()) {
    const error = errors[index]
    t.equal(error?.code, 1, `${name} exits with 1`)
    t.match(error?.stderr ?? '', /^The PostgreSQL database at [^\n]+\/dateline_no_such_database does not exist: create it \(createdb\) or fix DATABASE_URL\.\n$/, `${name}: one line, no stack trace`)
  }
})
