import type { Db } from '../db/client.js'
import { ProblemError } from '../errors.js'

/**
 * Locks the row a conditional write is about to check and change, until the
 * transaction ends: a no-op UPDATE takes PostgreSQL's row lock (SQLite already runs
 * one writer at a time), so a concurrent writer waits and then reads the new version,
 * and its If-Match fails with 412 instead of both passing the check.
 */
export async function lockRow (tx: Db, table: 'Article' | 'Entity', slug: string): Promise<void>
export async function lockRow (tx: Db, table: 'Quote', id: string): Promise<void>
export async function lockRow (tx: Db, table: 'Article' | 'Entity' | 'Quote', key: string): Promise<void> {
  if (table === 'Article') await tx.$executeRaw`UPDATE "Article" SET "version" = "version" WHERE "slug" = ${key}`
  else if (table === 'Entity') await tx.$executeRaw`UPDATE "Entity" SET "kind" = "kind" WHERE "slug" = ${key}`
  else await tx.$executeRaw`UPDATE "Quote" SET "text" = "text" WHERE "id" = ${key}`
}

// Optimistic concurrency. An ETag is "<version>-<hash of the bytes>" (see
// plugins/app/http-cache.ts), so If-Match compares the version part only: the same
// version read with or without include=... is the same version to write over.

/** The version a tag names: "v3-<hash>" and "v3" both name v3. */
function versionOf (tag: string): string {
  return tag.trim().replace(/^"|"$/g, '').split('-')[0]
}

/**
 * Enforces If-Match (RFC 9110 13.1.1) against the stored version (null when there is
 * none): a 412 when no listed tag names it. Weak tags never match. Without the header
 * the write is unconditional, so simple scripts need not read before writing.
 */
export function requireMatch (header: string | undefined, current: string | null, what: string): void {
  if (header === undefined) return
  if (header.trim() === '*') {
    if (current !== null) return
    throw new ProblemError(412, `${what} does not exist, so If-Match: * fails.`)
  }
  const tags = header.split(',').map(t => t.trim()).filter(t => !t.startsWith('W/'))
  if (current !== null && tags.some(tag => versionOf(tag) === current)) return
  throw new ProblemError(412, current === null
    ? `${what} does not exist, so If-Match fails.`
    : `${what} has changed since the version you sent in If-Match (it is now ${current}); read it again and reapply your change.`)
}

