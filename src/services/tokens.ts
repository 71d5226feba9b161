import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Db } from '../db/client.js'
import type { UnitOfWork } from '../db/unit-of-work.js'
import { invalid, notFound } from '../errors.js'
import { scopes as allScopes, type CreateToken, type Scope, type Token } from '../schemas/token.js'
import { afterCursor, decodeCursor, mapPage, orderBy, toPage, type Page, type SortKey } from './pagination.js'

// API tokens: random, shown once, stored only as an HMAC-SHA-256 under a server
// secret, so a copy of the database does not give working tokens.

export interface Principal { id: string, name: string, scopes: Scope[] }
export type Verdict = { ok: true, principal: Principal } | { ok: false, reason: 'unknown' | 'expired' | 'revoked' }

const tokenPattern = /^dl_[A-Za-z0-9_-]{32}$/
const newestFirst: SortKey[] = [
  { field: 'createdAt', direction: 'desc', type: 'date' },
  { field: 'id', direction: 'desc', type: 'string' }
]
/** lastUsedAt is written at most this often per token, so reads do not each cost a write. */
const lastUsedResolution = 60_000

/** Scopes a scope includes: admin includes all, content:write includes content:read. */
export function grants (held: Scope[], wanted: Scope): boolean {
  return held.includes(wanted) || held.includes('admin') || (wanted === 'content:read' && held.includes('content:write'))
}

interface TokenRow { id: string, name: string, prefix: string, scopes: string, expiresAt: Date | null, lastUsedAt: Date | null, revokedAt: Date | null, createdAt: Date }

function status (row: TokenRow, now = new Date()): Token['status'] {
  if (row.revokedAt) return 'revoked'
  if (row.expiresAt && row.expiresAt <= now) return 'expired'
  return 'active'
}

function toToken (row: TokenRow): Token {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.split(' ').filter((s): s is Scope => (allScopes as readonly string[]).includes(s)),
    status: status(row),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString()
  }
}

export class TokenService {
  constructor (private readonly db: Db, private readonly unitOfWork: UnitOfWork, private readonly secret: string) {}

  #hash (token: string): string {
    return createHmac('sha256', this.secret).update(token).digest('base64url')
  }

  async create (input: CreateToken): Promise<Token & { token: string }> {
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null
    if (expiresAt && expiresAt <= new Date()) throw invalid('body', '/expiresAt', 'must be in the future')
    const token = `dl_${randomBytes(24).toString('base64url')}`
    const shown = await this.unitOfWork.run(async (tx, changes) => {
      const row = await tx.apiToken.create({
        data: { name: input.name.trim(), prefix: token.slice(0, 9), hash: this.#hash(token), scopes: [...new Set(input.scopes)].join(' '), expiresAt }
      })
      // toToken is the public shape: no secret, no hash.
      changes.record({ resource: 'token', id: row.id, event: 'created', data: toToken(row) })
      return toToken(row)
    })
    return { ...shown, token }
  }

  async list (query: { limit?: number, cursor?: string }): Promise<Page<Token>> {
    const limit = query.limit ?? 20
    const rows = await this.db.apiToken.findMany({
      where: afterCursor(newestFirst, decodeCursor(query.cursor, newestFirst)),
      orderBy: orderBy(newestFirst),
      take: limit + 1
    })
    return mapPage(toPage(rows, limit, newestFirst), toToken)
  }

  async get (id: string): Promise<Token> {
    const row = await this.db.apiToken.findUnique({ where: { id } })
    if (!row) throw notFound(`Token "${id}"`)
    return toToken(row)
  }

  /** Revokes a token by id or name; revoking a revoked token changes nothing. */
  async revoke (idOrName: string): Promise<Token> {
    return this.unitOfWork.run(async (tx, changes) => {
      const row = await tx.apiToken.findFirst({ where: { OR: [{ id: idOrName }, { name: idOrName }] } })
      if (!row) throw notFound(`Token "${idOrName}"`)
      if (row.revokedAt) return toToken(row)
      const revoked = toToken(await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } }))
      changes.record({ resource: 'token', id: row.id, event: 'revoked', data: revoked })
      return revoked
    })
  }

  /** Checks a presented token. Looked up by its keyed hash, then compared in constant time. */
  async verify (token: string): Promise<Verdict> {
    if (!tokenPattern.test(token)) return { ok: false, reason: 'unknown' }
    const hash = this.#hash(token)
    const row = await this.db.apiToken.findUnique({ where: { hash } })
    if (!row || !timingSafeEqual(Buffer.from(row.hash), Buffer.from(hash))) return { ok: false, reason: 'unknown' }
    const now = new Date()
    const state = status(row, now)
    if (state !== 'active') return { ok: false, reason: state }
    // Bookkeeping on a read, not a change anyone subscribes to: it stays out of the
    // write door so an authenticated read never queues behind SQLite's write lock.
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > lastUsedResolution) {
      await this.db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } })
    }
    return { ok: true, principal: { id: row.id, name: row.name, scopes: toToken(row).scopes } }
  }
}
