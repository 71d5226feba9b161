import { execFile, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import t from 'tap'
import { summitSlug, testDatabaseUrl } from '../helper.js'

// The operator's path: what `npm install` (or `npm ci --omit=dev`) leaves in dist/ is
// what `npm start` and the CLIs run, with no compile step of their own.
const run = promisify(execFile)
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
t.setTimeout(480_000)

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string>, dependencies: Record<string, string> }

t.test('start and the operator CLIs run dist/ without compiling; the compiler is a production dependency', async t => {
  for (const name of ['start', 'token', 'db:migrate', 'db:seed', 'import', 'export', 'reanalyze']) {
    t.match(pkg.scripts[name], /^node dist\/[\w/-]+\.js$/, `${name} runs dist/ as is`)
  }
  t.match(pkg.scripts.postinstall, /tsc -p \./, 'the install compiles')
  t.ok(pkg.dependencies.typescript, 'so tsc is there after npm ci --omit=dev')
})

t.test('npm start serves the summit story from dist/; npm run token works against the same database', async t => {
  // The build an install would have made, from the source under test.
  await run(npm, ['run', 'build', '--silent'])
  // Load shedding off: a busy CI machine must not turn assertions into 503s.
  const env = { ...process.env, DATABASE_URL: testDatabaseUrl(t), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', MAX_EVENT_LOOP_DELAY_MS: '0', TOKEN_SECRET: 'process-test-token-secret-0123456789abcdef' }

  const server = spawn(npm, ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let output = ''
  server.stdout.on('data', chunk => { output += chunk })
  server.stderr.on('data', chunk => { output += chunk })
  const exited = new Promise<void>(resolve => server.on('close', () => resolve()))
  t.teardown(async () => {
    if (server.exitCode === null) process.kill(-server.pid!, 'SIGTERM')
    await exited
  })

  const base = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (listening) resolve(listening[1])
    }
    server.stdout.on('data', check)
    server.on('exit', code => reject(new Error(`npm start exited (${code}) before listening:\n${output}`)))
  })
  t.notMatch(output, /tsc|error TS/, 'nothing compiled at start')

  const story = await fetch(`${base}/v1/articles/${summitSlug}?include=entities,quotes`)
  t.equal(story.status, 200)
  t.match(await story.json(), { slug: summitSlug, entities: Array, quotes: Array })
  const docs = await fetch(`${base}/docs/`)
  t.equal(docs.status, 200)
  t.match(docs.headers.get('content-type'), /^text\/html/)

  const created = await run(npm, ['run', '--silent', 'token', '--', 'create', '--name', 'operator', '--scopes', 'admin'], { env })
  const token = created.stdout.trim()
  t.match(token, /^dl_[A-Za-z0-9_-]{32}$/)
  t.equal((await fetch(`${base}/v1/tokens`, { headers: { authorization: `Bearer ${token}` } })).status, 200, 'the running server accepts the CLI\'s token')

  process.kill(-server.pid!, 'SIGTERM')
  await exited
  t.match(output, /"signal":"SIGTERM","msg":"closing"/, 'SIGTERM closes the app cleanly')
})
