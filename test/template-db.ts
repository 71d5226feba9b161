// Builds one template database for the test helper (test/helper.ts), in a child
// process so that the helper's testConfig can stay synchronous. Run as
//   node --import tsx test/template-db.ts <sqlite-file | postgresql-server-url> <template-name> <seeded|empty>
// SQLite: migrates (and seeds) a scratch file, then VACUUMs it INTO <sqlite-file>
// (a single self-contained file; written beside it and renamed, so a reader never
// sees half a template). PostgreSQL: migrates (and seeds) a scratch database, then
// renames it to <template-name>; a template another process made first wins.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

const [target, name, mode] = process.argv.slice(2)
if (!target || !name || (mode !== 'seeded' && mode !== 'empty')) throw new Error('usage: template-db.ts <target> <name> <seeded|empty>')

async function build (databaseUrl: string, env: Record<string, string> = {}) {
  const app = await buildApp(loadConfig({
    DATABASE_URL: databaseUrl,
    SEED_ON_START: mode === 'seeded' ? 'if-empty' : 'never',
    LOG_LEVEL: 'silent',
    MAX_EVENT_LOOP_DELAY_MS: '0',
    SCHEDULER_INTERVAL_MS: '0',
    RESPONSE_CACHE: 'off',
    ...env
  }, false), false)
  await app.close()
}

if (/^postgres(ql)?:\/\//.test(target)) {
  const scratch = `${name}_build_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: target })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE "${scratch}"`)
    const url = new URL(target)
    url.pathname = `/${scratch}`
    const media = mkdtempSync(path.join(tmpdir(), 'dateline-template-media-'))
    try {
      await build(url.toString(), { TOKEN_SECRET: 'template-token-secret-0123456789abcdef0123', MEDIA_DIR: media })
    } finally {
      rmSync(media, { recursive: true, force: true })
    }
    try {
      await admin.query(`ALTER DATABASE "${scratch}" RENAME TO "${name}"`)
    } catch (error) {
      // 42P04: another test process made the same template first; use theirs.
      if ((error as { code?: string }).code !== '42P04') throw error
      await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`)
    }
  } catch (error) {
    await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`).catch(() => {})
    throw error
  } finally {
    await admin.end()
  }
} else {
  const dir = mkdtempSync(path.join(tmpdir(), 'dateline-template-'))
  try {
    const scratch = path.join(dir, 'template.db')
    await build(`file:${scratch}`)
    const partial = `${target}.${process.pid}.partial`
    const db = new Database(scratch)
    try {
      db.prepare('VACUUM INTO ?').run(partial)
    } finally {
      db.close()
    }
    renameSync(partial, target)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
