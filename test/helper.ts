import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Test } from 'tap'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'
import { loggerOptions } from '../src/logger.js'

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
