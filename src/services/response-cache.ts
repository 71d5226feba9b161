import { LRUCache } from 'lru-cache'
import type { Db } from '../db/client.js'

/** A public answer as it was sent: the exact bytes, their ETag and the headers the route and the HTTP layer set. */
export interface CachedResponse {
  body: string | Buffer
  etag: string
  headers: Record<string, string | string[]>
  /**
   * Every header of the answer but the per-request ones (helmet's included): what the
   * fast path (`answerFromCache`) writes before any other hook has run.
   */
  allHeaders: Record<string, string | string[]>
}

/**
 * The cache key of a request URL: its path without a trailing slash (Fastify routes
 * both alike) and its query parameters sorted, so `?b=1&a=2` and `?a=2&b=1` share
 * an entry. Repeated parameters keep their order (the sort is stable).
 */
export function cacheKey (url: string): string {
  const mark = url.indexOf('?')
  let path = mark === -1 ? url : url.slice(0, mark)
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/, '')
  if (mark === -1) return path
  const params = new URLSearchParams(url.slice(mark + 1))
  params.sort()
  const query = params.toString()
  return query === '' ? path : `${path}?${query}`
}

/** When the next article that is already marked published or scheduled becomes public, if any. */
export async function nextPublication (db: Db, now = new Date()): Promise<Date | null> {
  const next = await db.article.findFirst({
    where: { status: { in: ['published', 'scheduled'] }, publishedAt: { gt: now } },
    orderBy: { publishedAt: 'asc' },
    select: { publishedAt: true }
  })
  return next?.publishedAt ?? null
}

export interface ResponseCacheOptions {
  maxBytes: number
  /** The longest an entry lives (PUBLIC_CACHE_MAX_AGE), in ms. */
  ttlMs: number
  /** When the next scheduled article becomes public: no entry outlives it. */
  nextPublication: () => Promise<Date | null>
  onError: (error: unknown) => void
}

/**
 * Public answers kept in memory, bounded by bytes. Correctness comes before hits:
 * - every clear bumps a generation, and an answer is stored only if no clear came
 *   between the start of its request and its end (a read that saw the data before a
 *   write must not be stored after the write's clear);
 * - an article can become public with no write at all (its publication time comes),
 *   so no entry outlives the next publication time, and nothing is stored until that
 *   time is known again after a clear.
 */
export class ResponseCache {
  readonly #entries: LRUCache<string, CachedResponse>
  #generation = 0
  /** Epoch ms of the next publication; null: none; undefined: not known yet. */
  #dueAt: number | null | undefined = undefined
  /** Which refresh of #dueAt may still land: a clear makes older ones moot. */
  #dueRefresh = 0
  #refreshing = false

  constructor (private readonly options: ResponseCacheOptions) {
    this.#entries = new LRUCache<string, CachedResponse>({
      maxSize: options.maxBytes,
      sizeCalculation: entry => Math.max(1, Buffer.byteLength(entry.body) + 200 + JSON.stringify(entry.allHeaders).length * 2),
      ttl: options.ttlMs
    })
    this.#refreshDue()
  }

  /** Changes with every clear; a request notes it when it starts and hands it back to store. */
  get generation (): number {
    return this.#generation
  }

  get size (): number {
    return this.#entries.size
  }

  get (key: string): CachedResponse | undefined {
    this.#expireIfDue()
    return this.#entries.get(key)
  }

  /** Stores the answer unless the cache was cleared since `generation` was read. */
  set (key: string, generation: number, entry: CachedResponse): void {
    this.#expireIfDue()
    if (this.#dueAt === undefined && !this.#refreshing) this.#refreshDue()
    if (generation !== this.#generation || this.#dueAt === undefined) return
    const ttl = this.#dueAt === null ? this.options.ttlMs : Math.min(this.options.ttlMs, this.#dueAt - Date.now())
    if (ttl <= 0) return
    this.#entries.set(key, entry, { ttl })
  }

  /** Drops every entry, and every answer still being made from data read before now. */
  clear (): void {
    this.#generation++
    this.#entries.clear()
    this.#refreshDue()
  }

  #expireIfDue (): void {
    if (typeof this.#dueAt === 'number' && Date.now() >= this.#dueAt) this.clear()
  }

  #refreshDue (): void {
    this.#dueAt = undefined
    this.#refreshing = true
    const refresh = ++this.#dueRefresh
    this.options.nextPublication().then(due => {
      if (refresh === this.#dueRefresh) this.#dueAt = due === null ? null : due.getTime()
    }, this.options.onError).finally(() => {
      if (refresh === this.#dueRefresh) this.#refreshing = false
    })
  }
}
