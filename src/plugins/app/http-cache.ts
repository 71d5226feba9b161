import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `public`: a CDN or browser may cache the answer for PUBLIC_CACHE_MAX_AGE seconds. */
    cache?: 'public' | 'no-store'
  }
}

/** True when an If-None-Match header (a list of tags, or *) matches the tag, compared weakly as RFC 9110 asks. */
export function matchesAny (header: string | undefined, etag: string): boolean {
  if (!header) return false
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '')
  return header.split(',').some(tag => tag.trim() === '*' || opaque(tag) === opaque(etag))
}

// Strong ETags from a hash of the exact bytes sent, 304 on a matching If-None-Match,
// and Cache-Control per route. Written here instead of @fastify/etag, which matches
// only a single exact If-None-Match value (no lists, no *) and tags every method and
// status, errors included.
export default fp(async function httpCache (app: FastifyInstance, options: { publicMaxAge: number }) {
  app.addHook('onSend', async function (request, reply, payload) {
    const cache = reply.routeOptions.config.cache
    if (!reply.hasHeader('cache-control')) {
      reply.header('cache-control', cache === 'public' && reply.statusCode < 400
        ? `public, max-age=${options.publicMaxAge}, stale-while-revalidate=${options.publicMaxAge}`
        : 'no-store')
    }
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload
    const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`
    reply.header('etag', etag)
    if (matchesAny(request.headers['if-none-match'], etag)) {
      reply.code(304)
      reply.removeHeader('content-length')
      return ''
    }
    return payload
  })
}, { name: 'http-cache' })
