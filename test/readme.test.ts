import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import sharp from 'sharp'
import t from 'tap'
import { migratedDatabaseUrl } from './helper.js'

// A README that cannot rot: every command of its ```sh blocks is run, as a reader
// would type it, against a server this test starts; a command too long or too
// recursive to run here must be named below with the reason. A new command that is
// neither run nor named cannot slip in: everything not named is run.

const root = path.resolve(import.meta.dirname, '..')
const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
const run = promisify(execFile)
// About a minute on a quiet 2-core machine; a loaded one (the suite runs files in parallel) takes longer.
t.setTimeout(300_000)

/** The commands not run, each with why. Keys are the commands as written (a trailing `# comment` dropped). */
const notRun = new Map<string, string>([
  ['npm install && npm start', 'installs the dependencies (minutes); this test starts the same server itself, node dist/server.js, which is all npm start runs'],
  ['npm test', 'the whole suite, this test included'],
  ['WEBHOOK_ALLOWED_HOSTS=127.0.0.1 npm start', 'this is the server the test starts: node dist/server.js (the start script) with WEBHOOK_ALLOWED_HOSTS=127.0.0.1'],
  ['npm ci --omit=dev && npm start', 'reinstalls the dependencies; test/process/production-start.test.ts covers the production start'],
  ['DATABASE_URL=postgresql://dateline:secret@db.internal:5432/dateline TOKEN_SECRET=... npm start', 'an example address; the PostgreSQL run of the suite (TEST_DATABASE_URL) runs this whole test on PostgreSQL'],
  ['npm run bench', 'generates a 100,000-article corpus and loads servers for minutes'],
  ['npm run bundle:generate -- --articles 10000 --out big.json', 'compiles first and writes 10,000 articles; test/cli covers the generator'],
  ['npm run eval:analysis', 'scores the analysis on every labelled text; test/services/analysis.test.ts holds its numbers'],
  ['TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm test', 'the whole suite again, on PostgreSQL']
])

interface Command { text: string, line: number }

/** The commands of the README's sh/bash blocks: continuation lines joined, comment lines dropped, indentation of a block in a list removed. */
function shellCommands (markdown: string): Command[] {
  const commands: Command[] = []
  const lines = markdown.split('\n')
  let open = false
  let ours = false
  let pending: Command | undefined
  lines.forEach((raw, index) => {
    const fence = /^\s*```\s*(\S*)\s*$/.exec(raw)
    if (fence) {
      ours = !open && ['sh', 'bash', 'shell'].includes(fence[1])
      open = !open
      return
    }
    if (!open || !ours) return
    const line = raw.trim()
    if (pending) {
      pending.text += ' ' + line.replace(/\\$/, '').trim()
      if (!line.endsWith('\\')) { commands.push(pending); pending = undefined }
      return
    }
    if (line === '' || line.startsWith('#')) return
    const command = { text: line.replace(/\\$/, '').trim(), line: index + 1 }
    if (line.endsWith('\\')) pending = command
    else commands.push(command)
  })
  return commands
}

/** The command as the skip table names it: without a trailing comment. */
function key (command: string): string {
  return command.replace(/\s+#\s.*$/, '').trim()
}

t.test('the configuration table names every variable of src/config.ts, with .env.example\'s default', async t => {
  const fromConfig = [...readFileSync(path.join(root, 'src/config.ts'), 'utf8').matchAll(/^ {2}([A-Z][A-Z0-9_]+): Type\./gm)].map(m => m[1])
  const example = new Map<string, string | null>()
  for (const m of readFileSync(path.join(root, '.env.example'), 'utf8').matchAll(/^(#\s*)?([A-Z][A-Z0-9_]+)=(.*)$/gm)) {
    if (!example.has(m[2])) example.set(m[2], m[1] ? null : m[3])
  }
  const section = readme.slice(readme.indexOf('\n## Configuration\n'), readme.indexOf('\n## ', readme.indexOf('\n## Configuration\n') + 5))
  const table = new Map([...section.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| ([^|]+) \|/gm)].map(m => [m[1], m[2].trim()]))
  t.ok(fromConfig.length > 50, 'variables found in src/config.ts')
  t.same([...table.keys()].sort(), [...fromConfig].sort(), 'the README table has exactly the variables of src/config.ts')
  t.same([...example.keys()].sort(), [...fromConfig].sort(), '.env.example has exactly the variables of src/config.ts')
  for (const [name, value] of example) {
    const shown = value === null ? '(unset)' : value === '' ? '(empty)' : `\`${value}\``
    t.equal(table.get(name), shown, `${name}: the README's default is .env.example's`)
  }
})

t.test('every command of the README runs against a server it starts', async t => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  t.equal(pkg.scripts.start, 'node dist/server.js', 'npm start runs dist/server.js, which this test starts')

  const commands = shellCommands(readme)
  const keys = new Set(commands.map(c => key(c.text)))
  for (const skipped of notRun.keys()) t.ok(keys.has(skipped), `the skip table names a command the README still holds: ${skipped}`)
  t.ok(commands.filter(c => /\bcurl\b/.test(c.text)).length >= 10, 'the README\'s curls are found')

  // dist/ is what the server and the CLIs run: compile it when the source is newer.
  const newest = (dir: string): number => Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map(entry => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? newest(full) : statSync(full).mtimeMs
  }))
  let built = 0
  try { built = statSync(path.join(root, 'dist/server.js')).mtimeMs } catch {}
  if (built < newest(path.join(root, 'src'))) await run('npm', ['run', 'build', '--silent'], { cwd: root })

  // A checkout of our own: the repository's files linked into a temporary folder, so
  // what the commands write (corpus.json, data/) stays out of the real one.
  const sandbox = mkdtempSync(path.join(tmpdir(), 'dateline-readme-'))
  t.teardown(() => rmSync(sandbox, { recursive: true, force: true }))
  for (const entry of readdirSync(root)) {
    if (!['.git', 'data', 'coverage', '.tap'].includes(entry)) symlinkSync(path.join(root, entry), path.join(sandbox, entry))
  }
  // The picture the image upload names.
  await sharp({ create: { width: 640, height: 360, channels: 3, background: '#6b7f99' } }).jpeg().toFile(path.join(sandbox, 'summit.jpg'))

  const env: Record<string, string> = {
    ...process.env as Record<string, string>,
    // What a first start makes (migrated, the summit story seeded), copied from the
    // suite's template; the server still runs its migrations and seed check.
    DATABASE_URL: migratedDatabaseUrl(t),
    TOKEN_SECRET: 'readme-test-token-secret-0123456789abcdef',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    // As the tour's start command says.
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    // The tour's webhook points at 127.0.0.1:8080, which may be anything on this machine.
    WEBHOOK_WORKER: 'false',
    // A reader runs the commands minutes apart; this test posts its comments within seconds.
    COMMENT_FLOOD_SECONDS: '0',
    // Load shedding off: a busy machine must not turn commands into 503s.
    MAX_EVENT_LOOP_DELAY_MS: '0'
  }
  const server = spawn(process.execPath, ['dist/server.js'], { cwd: sandbox, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  server.stdout.on('data', chunk => { output += chunk })
  server.stderr.on('data', chunk => { output += chunk })
  const exited = new Promise<void>(resolve => server.on('close', () => resolve()))
  t.teardown(async () => {
    if (server.exitCode === null) server.kill('SIGTERM')
    await exited
  })
  const port = await new Promise<string>((resolve, reject) => {
    server.stdout.on('data', () => {
      const listening = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)
      if (listening) resolve(listening[1])
    })
    server.on('exit', code => reject(new Error(`the server exited (${code}) before listening:\n${output}`)))
  })

  // What the README says, aimed at this server: its address, and curl told to fail on
  // a 4xx or 5xx (with the body, for the message below) and to report every status.
  const aim = (command: string) => command
    .replace(/\b(localhost|127\.0\.0\.1):3000\b/g, `127.0.0.1:${port}`)
    .replace(/(^|[\s(|;&])curl\s/g, `$1curl --fail-with-body -sS -w '%{stderr}status %{http_code}\\n' `)

  const vars: Record<string, string> = {}
  for (const command of commands) {
    const name = key(command.text)
    if (notRun.has(name)) continue
    // NAME=$(...) keeps the output for the commands after it (TOKEN, COMMENT_ID).
    const capture = /^([A-Z_][A-Z0-9_]*)=\$\(([\s\S]*)\)$/.exec(name)
    const script = aim(capture ? capture[2] : command.text)
    const label = `README line ${command.line}: ${command.text}`
    const result = await run('bash', ['-o', 'pipefail', '-c', script], { cwd: sandbox, env: { ...env, ...vars }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 })
      .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }), (error: { code: number, stdout: string, stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }))
    const statuses = [...result.stderr.matchAll(/^status (\d{3})$/gm)].map(m => Number(m[1]))
    t.equal(result.code, 0, label, { stderr: result.stderr.slice(-2000), stdout: result.stdout.slice(0, 2000) })
    if (/\bcurl\b/.test(script)) {
      t.ok(statuses.length > 0 && statuses.every(s => s >= 200 && s < 300), `${label}: answered ${statuses.join(', ') || 'nothing'}`)
    }
    if (capture) {
      const value = result.stdout.trim()
      t.ok(value !== '' && value !== 'null' && !/\s/.test(value), `${label}: ${capture[1]} is one word`)
      vars[capture[1]] = value
    }
  }
  t.match(vars.TOKEN, /^dl_/, 'the tour made a token')
})
