import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { CacheChannel } from '../../db/cache-channel.js'
import { pgPoolConfig } from '../../db/client.js'
import { cacheKey, nextPublication, ResponseCache, type CachedResponse } from '../../services/response-cache.js'
import { matchesAny } from './http-cache.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Public answers kept in memory; null when RESPONSE_CACHE=off. */
    responseCache: ResponseCache | null
    /** Answers the request from the cache if it can (see answerFromCache); true when it did. */
    responseCacheFastPath: ((request: FastifyRequest, reply: FastifyReply) => boolean) | null
  }
  interface FastifyRequest {
    /** Set on a cacheable request that missed: where to store its answer, and the cache's generation when it started. */
    responseCacheMiss: { key: string, generation: number, before: Set<string> } | null
  }
}

// Headers that belong to one request or one connection, never to the answer.
const perRequest = new Set(['x-request-id', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'x-cache', 'retry-after'])
const perRequestPrefixes = ['access-control-', 'x-ratelimit-']
// A Vary on anything but these would make one answer wrong for another reader.
const sharedVary = new Set(['authorization', 'origin', 'accept-encoding'])

/**
 * The headers to keep with an answer, or null when it must not be shared at all:
 * `headers`, those the route and the HTTP layer set (the hooks that ran before the
 * route set theirs again on a hit), and `allHeaders`, every one of them.
 */
function storableHeaders (reply: FastifyReply, before: Set<string>): Pick<CachedResponse, 'headers' | 'allHeaders'> | null {
  const headers: Record<string, string | string[]> = {}
  const allHeaders: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined) continue
    if (name === 'set-cookie') return null
    if (name === 'vary' && String(value).split(',').some(token => !sharedVary.has(token.trim().toLowerCase()))) return null
    if (perRequest.has(name) || perRequestPrefixes.some(prefix => name.startsWith(prefix))) continue
    const kept = Array.isArray(value) ? value.map(String) : String(value)
    allHeaders[name] = kept
    if (!before.has(name)) headers[name] = kept
  }
  return { headers, allHeaders }
}

function cacheable (request: FastifyRequest): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') &&
    request.routeOptions.config?.cache === 'public' &&
    // An answer to a token can hold drafts: it is the token holder's alone.
    request.headers.authorization === undefined
}

function serve (request: FastifyRequest, reply: FastifyReply, entry: CachedResponse): FastifyReply {
  reply.servedFromCache = true
  reply.headers(entry.headers)
  reply.header('x-cache', 'hit')
  if (matchesAny(request.headers['if-none-match'], entry.etag)) {
    reply.code(304)
    reply.removeHeader('content-length')
    reply.removeHeader('content-type')
    // No payload at all: a string would bring back a text/plain content type.
    return reply.send()
  }
  return reply.send(entry.body)
}

// Keeps the exact answers of public reads (GET/HEAD on routes with
// `config: { cache: 'public' }`, no Authorization) so a repeat is answered from
// memory, 304s included, without running the route or the database. Invalidation is
// coarse on purpose: any committed change clears everything (a change to one entity
// alters every article page, list, feed and sitemap that embeds it; proving a
// narrower purge right is future work).
/**
 * The fast path, added by app.ts as the very first onRequest hook: a public read the
 * cache holds is written straight to the socket, with the headers every other hook
 * set when it was stored, before those hooks run again (they would set the same ones).
 * A request with an Origin, a token or anything the cache lacks goes on as usual;
 * onResponse hooks and the access log still run (Fastify set them up before the hooks).
 */
export function answerFromCache (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  if (this.responseCacheFastPath?.(request, reply) === true) return
  done()
}

export default fp(async function responseCachePlugin (app: FastifyInstance, options: { enabled: boolean, maxBytes: number, ttlSeconds: number }) {
  app.decorateRequest('responseCacheMiss', null)
  // A max-age of 0 asks that no one keep public answers, this process included.
  if (!options.enabled || options.ttlSeconds === 0) {
    app.decorate('responseCache', null)
    app.decorate('responseCacheFastPath', null)
    return
  }
  const cache = new ResponseCache({
    maxBytes: options.maxBytes,
    ttlMs: options.ttlSeconds * 1000,
    nextPublication: () => nextPublication(app.prisma),
    onError: error => app.log.warn({ err: error }, 'could not read the next publication time; the response cache stores nothing until it can')
  })
  app.decorate('responseCache', cache)
  app.unitOfWork.onCommit(() => { cache.clear() })
  // An import yields between records; on SQLite a read in between sees its rows before commit.
  app.unitOfWork.onRollback(() => { cache.clear() })

  let channel: CacheChannel | null = null
  if (app.dialect.kind === 'postgresql') {
    const live = new CacheChannel(pgPoolConfig(app.config), () => { cache.clear() }, app.log)
    channel = live
    app.unitOfWork.beforeCommit(async tx => { await live.announce(tx) })
    await live.start()
    app.addHook('onClose', async () => { await live.close() })
  }
  // Without the channel, another process's write would go unheard: neither serve nor store.
  const usable = () => channel === null || channel.listening

  app.decorate('responseCacheFastPath', (request: FastifyRequest, reply: FastifyReply): boolean => {
    // A cross-origin request needs CORS headers made for its Origin: the ordinary path below.
    if (request.headers.origin !== undefined || !cacheable(request) || !usable()) return false
    const entry = cache.get(cacheKey(request.url))
    if (!entry) return false
    const headers: Record<string, string | string[] | number> = { ...entry.allHeaders, 'x-request-id': request.id, 'x-cache': 'hit' }
    reply.hijack()
    if (matchesAny(request.headers['if-none-match'], entry.etag)) {
      delete headers['content-type']
      reply.raw.writeHead(304, headers)
      reply.raw.end()
    } else {
      headers['content-length'] = Buffer.byteLength(entry.body)
      reply.raw.writeHead(200, headers)
      reply.raw.end(request.method === 'HEAD' ? undefined : entry.body)
    }
    return true
  })

  app.addHook('onRequest', async (request, reply) => {
    if (!cacheable(request)) return
    if (!usable()) return
    const key = cacheKey(request.url)
    const entry = cache.get(key)
    if (entry) return serve(request, reply, entry)
    request.responseCacheMiss = { key, generation: cache.generation, before: new Set(Object.keys(reply.getHeaders())) }
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const miss = request.responseCacheMiss
    // undefined, not null, on routes of plugins registered before this one decorated
    // the request (Swagger UI's /docs): those are never cacheable.
    if (!miss) return payload
    reply.header('x-cache', 'miss')
    const etag = reply.getHeader('etag')
    if (request.method !== 'GET' || reply.statusCode !== 200 || typeof etag !== 'string' || !usable()) return payload
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload
    const headers = storableHeaders(reply, miss.before)
    if (headers !== null) cache.set(miss.key, miss.generation, { body: payload, etag, ...headers })
    return payload
  })
}, { name: 'response-cache', dependencies: ['http-cache', 'services'] })
