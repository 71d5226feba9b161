import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sendProblem } from './plugins/app/problems.js'
import type { Problem } from './schemas/common.js'

const answers: Record<string, { status: number, detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request took longer than the server waits for it (headers or body too slow).' },
  HPE_HEADER_OVERFLOW: { status: 431, detail: 'The request headers are too large.' },
  HPE_URI_TOO_LONG: { status: 414, detail: 'The request URL is too long.' }
}

/**
 * Node's HTTP parser rejects some requests before Fastify sees them (a malformed
 * header, oversized headers, a body that trickles past REQUEST_TIMEOUT_MS). Fastify's
 * default answer is bare JSON; this one is problem+json with a request id and the
 * headers every other error carries, written to the socket because there is no reply.
 */
export function clientErrorHandler (this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const { status, detail } = answers[error.code ?? ''] ?? { status: 400, detail: 'The request could not be parsed as HTTP.' }
  const requestId = randomUUID()
  const problem: Problem = { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, requestId }
  const body = JSON.stringify(problem)
  this.log.info({ requestId, status, code: error.code }, 'client error')
  if (socket.writable) {
    socket.write([
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
      'Content-Type: application/problem+json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Cache-Control: no-store',
      `X-Request-Id: ${requestId}`,
      'X-Content-Type-Options: nosniff',
      'Connection: close',
      '', body
    ].join('\r\n'))
  }
  socket.destroy(error)
}

/**
 * Errors Fastify meets before routing (a URL that does not decode, a path parameter
 * too long) skip the hooks and the error handler: answered here in the same shape.
 * The URL is not echoed: it may be anything.
 */
export function frameworkErrors (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400
  reply.header('x-request-id', request.id)
  sendProblem(reply, {
    type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status,
    detail: error.code === 'FST_ERR_BAD_URL' ? 'The URL is not valid: a malformed percent-encoding.' : 'The request could not be routed.',
    requestId: String(request.id)
  })
}
