import type { FastifyReply, FastifyRequest } from 'fastify'
import type { PageMeta } from '../schemas/common.js'
import type { Page } from '../services/pagination.js'

// The HTTP side of every list: services return rows and the next page's cursor;
// this turns the cursor into `meta.next` (the request's own path and query with
// `cursor` replaced) and the RFC 8288 `Link: rel="next"` header.

/** The URL of the next page: the request's own path and query with `cursor` replaced. */
function nextUrl (requestUrl: string, cursor: string): string {
  const url = new URL(requestUrl, 'http://x')
  url.searchParams.set('cursor', cursor)
  return `${url.pathname}${url.search}`
}

/** The list envelope `{ data, meta }` of a page, with its `Link` header set. */
export function sendPage<T> (request: FastifyRequest, reply: FastifyReply, page: Page<T>): { data: T[], meta: PageMeta } {
  const next = page.nextCursor === null ? null : nextUrl(request.url, page.nextCursor)
  if (next) reply.header('link', `<${next}>; rel="next"`)
  return { data: page.data, meta: { limit: page.limit, nextCursor: page.nextCursor, next, ...(page.total === undefined ? {} : { total: page.total }) } }
}
