import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `public`: a CDN or browser may cache the answer for PUBLIC_CACHE_MAX_AGE seconds. */
    cache?: 'public' | 'no-store'
  }
  interface FastifyReply {
    /**
     * The version of the resource in the answer (an article's version, say). Set by a
     * route, it leads the ETag ("v3-<hash>"), so If-Match can compare versions.
     */
    versionTag: string | null
    /** True when the response cache answered: its headers, ETag included, are already set. */
    servedFromCache: boolean
  }
}

/** True when an If-None-Match header (a list of tags, or *) matches the tag, compared weakly as RFC 9110 asks. */
export function matchesAny (header: string | undefined, etag: string): boolean {
  if (!header) return false
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '')
  return header.split(',').some(tag => tag.trim() === '*' || opaque(tag) === opaque(etag))
}

/** A Vary value with `name` added once (CORS may have set Vary: Origin already). */
function withVary (current: unknown, name: string): string {
  const names = typeof current === 'string' ? current.split(',').map(n => n.trim()).filter(Boolean) : []
  return names.some(n => n.toLowerCase() === name.toLowerCase()) ? names.join(', ') : [...names, name].join(', ')
}

/**
 * Purge keys for a CDN (Fastly's Surrogate-Key, Cloudflare's Cache-Tag): `dateline`
 * on every public answer, the collection (`articles`, `entities`, `feeds`, ...) and
 * the item (`articles/<slug>`). Dateline itself clears everything on any write (an
 * entity's change alters every article page embedding it), so a CDN should purge
 * `dateline` on the same events; the narrower keys are for purges by hand.
 */
export function surrogateKeys (route: string | undefined, params: unknown): string[] {
  const match = /^\/v1\/([a-z-]+)(\/:slug(\/|$))?/.exec(route ?? '')
  if (!match) return ['dateline']
  const slug = typeof params === 'object' && params !== null ? (params as { slug?: unknown }).slug : undefined
  // Only a route under /v1/<collection>/:slug names an item of that collection (a feed's :slug names a section, tag, ...).
  const item = match[2] !== undefined && typeof slug === 'string' && /^[a-z0-9-]+$/.test(slug) ? [`${match[1]}/${slug}`] : []
  return ['dateline', match[1], ...item]
}

// Strong ETags from a hash of the exact bytes sent, 304 on a matching If-None-Match,
// and Cache-Control per route. Written here instead of @fastify/etag, which matches
// only a single exact If-None-Match value (no lists, no *) and tags every method and
// status, errors included.
// A public route's answer can depend on the token (drafts for content:read), so it
// varies on Authorization, and an answer to a request with a token is never stored
// by a shared cache.
export default fp(async function httpCache (app: FastifyInstance, options: { publicMaxAge: number }) {
  app.decorateReply('versionTag', null)
  app.decorateReply('servedFromCache', false)
  app.addHook('onSend', async function (request, reply, payload) {
    const cache = reply.routeOptions.config.cache
    const withToken = request.headers.authorization !== undefined
    if (cache === 'public') reply.header('vary', withVary(reply.getHeader('vary'), 'Authorization'))
    if (cache === 'public' && !withToken && reply.statusCode < 400) {
      const keys = surrogateKeys(reply.routeOptions.url, request.params)
      reply.header('surrogate-key', keys.join(' '))
      reply.header('cache-tag', keys.join(','))
    }
    if (!reply.hasHeader('cache-control')) {
      reply.header('cache-control', cache === 'public' && reply.statusCode < 400
        ? (withToken ? 'private, no-store' : `public, max-age=${options.publicMaxAge}, stale-while-revalidate=${options.publicMaxAge}`)
        : 'no-store')
    }
    // The response cache set its stored ETag and headers: the bytes are the hashed ones.
    if (reply.servedFromCache) return payload
    const read = (request.method === 'GET' || request.method === 'HEAD') && reply.statusCode === 200
    const written = reply.versionTag !== null && (reply.statusCode === 200 || reply.statusCode === 201)
    if (!read && !written) return payload
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload
    const hash = createHash('sha256').update(payload).digest('base64url').slice(0, 27)
    const etag = reply.versionTag !== null ? `"${reply.versionTag}-${hash}"` : `"${hash}"`
    reply.header('etag', etag)
    if (read && matchesAny(request.headers['if-none-match'], etag)) {
      // A 304 has no body, so it names no content type (RFC 9110 §15.4.5).
      reply.code(304)
      reply.removeHeader('content-length')
      reply.removeHeader('content-type')
      return ''
    }
    return payload
  })
}, { name: 'http-cache' })
