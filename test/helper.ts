import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Test } from 'tap'
import { buildApp } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'

/** A config for tests, as data: the real defaults, a throw-away SQLite file, quiet logs. */
export function testConfig (t: Test, env: Record<string, string> = {}): Config {
  const dir = mkdtempSync(path.join(tmpdir(), 'dateline-test-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return loadConfig({ DATABASE_URL: `file:${path.join(dir, 'test.db')}`, LOG_LEVEL: 'silent', ...env }, false)
}

/** Builds the app on its own fresh database (the summit story seeded unless told otherwise), closed after the test. */
export async function build (t: Test, env: Record<string, string> = {}) {
  const app = await buildApp(testConfig(t, env), false)
  t.teardown(() => app.close())
  return app
}

export const summitSlug = 'iran-and-russia-reject-ceasefire-proposal-by-turkey'
