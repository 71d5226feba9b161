import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { build } from '../helper.js'

// What Node's HTTP parser answers before Fastify sees a request: these need a real
// socket, so this is one of the few tests that listens on a port.

async function listening (t: Parameters<typeof build>[0], env: Record<string, string> = {}) {
  const app = await build(t, { SEED_ON_START: 'never', ...env })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return (app.server.address() as AddressInfo).port
}

/** Writes raw bytes and resolves with everything the server sent before it closed. */
function raw (port: number, chunks: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.on('data', data => { received += data.toString() })
    socket.on('error', () => {})
    socket.on('close', () => resolve(received))
    socket.on('connect', () => { for (const chunk of chunks) socket.write(chunk) })
    setTimeout(() => { socket.destroy(); reject(new Error(`no answer; got ${received}`)) }, 20_000).unref()
  })
}

function parse (answer: string) {
  const [head, body] = answer.split('\r\n\r\n')
  const [statusLine, ...lines] = head.split('\r\n')
  const headers = Object.fromEntries(lines.map(line => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]))
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) }
}

t.test('parser errors are problem+json with a request id', async t => {
  const port = await listening(t)
  const cases: Array<[string, number]> = [
    ['GET /v1/articles HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n', 400],
    [`GET /v1/articles HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431]
  ]
  for (const [request, status] of cases) {
    const answer = parse(await raw(port, [request]))
    t.equal(answer.status, status)
    t.match(answer.headers['content-type'], /^application\/problem\+json/)
    t.match(answer.headers['x-request-id'], /^[0-9a-f-]{36}$/)
    t.equal(answer.headers['cache-control'], 'no-store')
    t.match(answer.body, { type: 'about:blank', status, requestId: answer.headers['x-request-id'] })
  }
})

t.test('a body that trickles in is cut off with 408 after REQUEST_TIMEOUT_MS', async t => {
  const port = await listening(t, { REQUEST_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '1000' })
  // Headers promise 100 bytes; one arrives and the rest never does.
  const text = await raw(port, ['POST /v1/articles/any/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{'])
  const answer = parse(text)
  t.equal(answer.status, 408)
  t.match(answer.headers['content-type'], /^application\/problem\+json/)
})

t.test('timeouts are configurable and on by default', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  t.equal(app.server.requestTimeout, 30_000)
  t.equal(app.server.headersTimeout, 10_000)
})

t.test('a URL that does not decode is problem+json too', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  const res = await app.inject('/v1/articles/%E0%A4%A')
  t.equal(res.statusCode, 400)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.equal(res.headers['x-request-id'], res.json().requestId)
})
