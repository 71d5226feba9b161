import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { Test } from 'tap'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'
import { loggerOptions } from '../src/logger.js'

/**
 * Where tests run: a PostgreSQL server when TEST_DATABASE_URL names one (each test
 * gets a database of its own there), else a throw-away SQLite file. `npm test` is SQLite.
 */
export const testServerUrl = /^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL ?? '') ? process.env.TEST_DATABASE_URL! : undefined
export const onPostgresql = testServerUrl !== undefined

/** The URL of `database` on the test server. */
export function databaseUrlFor (database: string): string {
  const url = new URL(testServerUrl!)
  url.pathname = `/${database}`
  return url.toString()
}

async function dropDatabase (name: string) {
  const admin = new pg.Client({ connectionString: testServerUrl })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  } finally {
    await admin.end()
  }
}

/**
 * A fresh empty database for this test, dropped after it: its URL. Made synchronously
 * (in a child process on PostgreSQL) so configs stay plain data built without await.
 */
export function testDatabaseUrl (t: Test): string {
  if (!onPostgresql) {
    const dir = mkdtempSync(path.join(tmpdir(), 'dateline-test-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    return `file:${path.join(dir, 'test.db')}`
  }
  const name = `dateline_test_${randomBytes(6).toString('hex')}`
  execFileSync(process.execPath, ['--input-type=module', '-e', `
    import pg from 'pg'
    const client = new pg.Client({ connectionString: process.argv[1] })
    await client.connect()
    await client.query('CREATE DATABASE "${name}"')
    await client.end()`, testServerUrl!], { stdio: ['ignore', 'ignore', 'inherit'] })
  t.teardown(() => dropDatabase(name))
  return databaseUrlFor(name)
}

/**
 * Template databases: migrating and seeding a database costs most of a small test, so
 * each run does it once per kind (migrated only, or migrated and seeded) and every test
 * gets a copy: a file copy on SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL.
 * A template is named after a hash of everything that decides its content (migrations,
 * seed, src/), so an edit makes a new one and an unchanged tree reuses it across runs;
 * TEST_TEMPLATES=off turns them off.
 *
 * Old templates are dropped: each test process marks the templates it uses as used now
 * (a SQLite file's mtime; a PostgreSQL database's comment), and whenever a process has
 * to build a template (a new hash) it also removes every template not used for
 * TEMPLATE_STALE_MS. The hour's grace keeps templates that another checkout's run, on
 * other code, is still copying. Concurrent test processes do not race: one builds a
 * template while the others wait (a lock directory on SQLite; on PostgreSQL the build
 * is renamed into place and a second builder gives way), and a template only ever
 * appears whole (atomic rename).
 */
const root = path.resolve(import.meta.dirname, '..')
const templatesOn = process.env.TEST_TEMPLATES !== 'off'
export const TEMPLATE_STALE_MS = 60 * 60 * 1000
let key: string | undefined

export function templateKey (): string {
  if (key) return key
  const hash = createHash('sha256')
  const walk = (dir: string) => {
    if (!existsSync(dir)) return
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) { if (entry.name !== 'generated') walk(full) } else {
        hash.update(path.relative(root, full)).update('\0').update(readFileSync(full)).update('\0')
      }
    }
  }
  for (const dir of ['src', 'prisma']) walk(path.join(root, dir))
  hash.update(readFileSync(path.join(root, 'test', 'template-db.ts')))
  key = hash.digest('hex').slice(0, 12)
  return key
}

function buildTemplate (target: string, name: string, seeded: boolean) {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'test', 'template-db.ts'), target, name, seeded ? 'seeded' : 'empty'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
}

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
export const sqliteTemplateDir = () => process.env.TEST_TEMPLATE_DIR ?? path.join(tmpdir(), 'dateline-test-templates')
const touched = new Set<string>()

/** Removes SQLite templates (and leftovers of builds) of other hashes not used for TEMPLATE_STALE_MS. */
export function sweepSqliteTemplates (dir: string, keep: string, now = Date.now()) {
  for (const name of readdirSync(dir)) {
    if (name.startsWith(`${keep}-`)) continue
    const full = path.join(dir, name)
    try {
      if (now - statSync(full).mtimeMs > TEMPLATE_STALE_MS) rmSync(full, { recursive: true, force: true })
    } catch { /* gone already: another process swept it */ }
  }
}

/** The template file for this tree, built under a lock if missing; marked as used now. */
export function sqliteTemplate (seeded: boolean, dir = sqliteTemplateDir()): string {
  mkdirSync(dir, { recursive: true })
  const template = path.join(dir, `${templateKey()}-${seeded ? 'seeded' : 'empty'}.db`)
  const lock = `${template}.lock`
  for (let waited = 0; !existsSync(template); waited += 100) {
    try {
      mkdirSync(lock)
    } catch {
      // Another process builds it: wait for the file (a lock left by a killed run goes stale).
      try { if (Date.now() - statSync(lock).mtimeMs > 5 * 60_000) rmSync(lock, { recursive: true, force: true }) } catch {}
      if (waited > 10 * 60_000) throw new Error(`template ${template} was not made in time`)
      pause(100)
      continue
    }
    try {
      if (!existsSync(template)) buildTemplate(template, path.basename(template), seeded)
    } finally {
      rmSync(lock, { recursive: true, force: true })
    }
    sweepSqliteTemplates(dir, templateKey())
  }
  if (!touched.has(template)) {
    touched.add(template)
    const now = new Date()
    utimesSync(template, now, now)
  }
  return template
}

/** A SQLite file for this test, copied from the template. */
function sqliteFromTemplate (t: Test, seeded: boolean): string {
  const template = sqliteTemplate(seeded)
  const url = testDatabaseUrl(t)
  copyFileSync(template, url.slice('file:'.length))
  return url
}

/**
 * A PostgreSQL database for this test, created from the template (made first if the
 * server has none). One child process: marks the template used (once per test
 * process), sweeps stale templates (when it had to build one), and copies it,
 * retrying while another process is still connected to it, which PostgreSQL refuses.
 */
function postgresqlFromTemplate (t: Test, seeded: boolean): string {
  const template = `dateline_tpl_${templateKey()}_${seeded ? 'seeded' : 'empty'}`
  const name = `dateline_test_${randomBytes(6).toString('hex')}`
  const create = (sweep: boolean) => execFileSync(process.execPath, ['--input-type=module', '-e', `
    import pg from 'pg'
    const [url, template, name, mark, sweep, staleMs] = process.argv.slice(1)
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      if (sweep === 'sweep') {
        // Templates carry "dateline test template, used <ISO time>". One without
        // (made by older code) is marked now and dropped on a later sweep if unused.
        const found = await client.query("SELECT datname, shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname LIKE 'dateline\\\\_tpl\\\\_%' AND datname <> $1", [template])
        for (const row of found.rows) {
          const used = /used (\\S+)$/.exec(row.note ?? '')
          try {
            if (!used) await client.query('COMMENT ON DATABASE "' + row.datname + '" IS ' + client.escapeLiteral('dateline test template, used ' + new Date().toISOString()))
            else if (Date.now() - Date.parse(used[1]) > Number(staleMs)) await client.query('DROP DATABASE IF EXISTS "' + row.datname + '"')
          } catch { /* in use or gone: a later sweep */ }
        }
      }
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])
      if (found.rowCount === 0) { console.log('missing'); process.exit(0) }
      if (mark === 'mark') await client.query('COMMENT ON DATABASE "' + template + '" IS ' + client.escapeLiteral('dateline test template, used ' + new Date().toISOString()))
      for (let attempt = 0; ; attempt++) {
        try {
          await client.query('CREATE DATABASE "' + name + '" TEMPLATE "' + template + '"')
          break
        } catch (error) {
          if (error.code !== '55006' || attempt >= 50) throw error
          await new Promise(resolve => setTimeout(resolve, 100))
        }
      }
      console.log('created')
    } finally {
      await client.end()
    }`, testServerUrl!, template, name, touched.has(template) ? 'no' : 'mark', sweep ? 'sweep' : 'no', String(TEMPLATE_STALE_MS)],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim()
  if (create(false) === 'missing') {
    buildTemplate(testServerUrl!, template, seeded)
    if (create(true) !== 'created') throw new Error(`template database ${template} was not made`)
  }
  touched.add(template)
  t.teardown(() => dropDatabase(name))
  return databaseUrlFor(name)
}

/**
 * A database for this test holding what a fresh start would make: migrated, and seeded
 * with the summit story unless `seeded` is false. Copied from a template, so much
 * faster than migrating and seeding each time.
 */
export function migratedDatabaseUrl (t: Test, seeded = true): string {
  if (!templatesOn) return testDatabaseUrl(t)
  return onPostgresql ? postgresqlFromTemplate(t, seeded) : sqliteFromTemplate(t, seeded)
}

function throwAwayFolder (t: Test): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dateline-media-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A config for tests, as data: the real defaults, a throw-away database, quiet logs. */
export function testConfig (t: Test, env: Record<string, string> = {}): Config {
  // On SQLite images go beside the throw-away database file; on PostgreSQL into a folder of their own.
  const extra = onPostgresql ? { TOKEN_SECRET: 'test-token-secret-0123456789abcdef0123456789', MEDIA_DIR: throwAwayFolder(t) } : {}
  // Load shedding off: a busy CI machine must not turn assertions into 503s.
  // The scheduler off: tests that need it call app.scheduler.publishDue() themselves.
  // The response cache off unless a test turns it on: many tests set their stage by
  // writing rows with app.prisma directly, which no cache can hear;
  // test/plugins/app/response-cache.test.ts covers it.
  // The database comes from a template (migrated, seeded unless SEED_ON_START=never):
  // the app still runs its migrations and seed check at start, which find nothing to do.
  const databaseUrl = env.DATABASE_URL ?? migratedDatabaseUrl(t, env.SEED_ON_START !== 'never')
  return loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', MAX_EVENT_LOOP_DELAY_MS: '0', SCHEDULER_INTERVAL_MS: '0', RESPONSE_CACHE: 'off', ...extra, ...env }, false)
}

/** Builds the app on its own fresh database (the summit story seeded unless told otherwise), closed after the test. */
export async function build (t: Test, env: Record<string, string> = {}) {
  const app = await buildApp(testConfig(t, env), false)
  t.teardown(() => app.close())
  return app
}

export const summitSlug = 'iran-and-russia-reject-ceasefire-proposal-by-turkey'

/** The emails that appear (case-insensitively) in any of the lines. */
export function emailLeaks (lines: string[], emails: Iterable<string>): string[] {
  return [...emails].filter(email => lines.some(line => line.toLowerCase().includes(email.toLowerCase())))
}

/**
 * Like build, but watches for the one thing comments must never do: show an email.
 * Every email sent in a request body or stored in a comment is remembered; every
 * response (status line, headers, body) and every log line (at trace level, through
 * the real redaction) is kept; after the test, any of them holding a remembered
 * email fails it.
 */
export async function buildWatched (t: Test, env: Record<string, string> = {}) {
  const lines: string[] = []
  const logger = { ...(loggerOptions({ logLevel: 'trace' }, false) as object), stream: { write: (line: string) => { lines.push(line) } } }
  const app = await buildApp(testConfig(t, env), logger)
  const emails = new Set<string>()
  const inject = app.inject.bind(app) as (options: InjectOptions | string) => Promise<LightMyRequestResponse>
  const watched = async (options: InjectOptions | string) => {
    const payload = typeof options === 'object' ? options.payload as Record<string, unknown> | undefined : undefined
    if (payload && typeof payload === 'object' && typeof payload.email === 'string') {
      emails.add(payload.email)
      emails.add(payload.email.trim().toLowerCase())
    }
    const res = await inject(options)
    lines.push(`${res.statusCode} ${JSON.stringify(res.headers)} ${res.body}`)
    return res
  }
  app.inject = watched as unknown as typeof app.inject
  t.teardown(async () => {
    // Every email the database holds counts too, whichever way it got there.
    for (const row of await app.prisma.comment.findMany({ select: { authorEmail: true } })) if (row.authorEmail) emails.add(row.authorEmail)
    await app.close()
    const leaks = emailLeaks(lines, emails)
    if (leaks.length > 0) throw new Error(`an email appeared in a response or log line: ${leaks.length} address(es)`)
  })
  return Object.assign(app, { watchedLines: lines })
}

/**
 * A watched app for moderation tests: flood checks off, a second published article
 * ("other") beside the summit story, and a comments:moderate token's header.
 */
export async function buildModerated (t: Test) {
  const app = await buildWatched(t, { COMMENT_FLOOD_SECONDS: '0' })
  await app.articles.upsert({ slug: 'other', title: 'Other', body: 'Text.', status: 'published', publishedAt: '2020-01-01T00:00:00.000Z' }, 'test')
  const token = (await app.tokens.create({ name: 'mod', scopes: ['comments:moderate'] })).token
  return { app, auth: { authorization: `Bearer ${token}` } }
}
