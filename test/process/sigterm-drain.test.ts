import { connect } from 'node:net'
import t from 'tap'
import { migratedDatabaseUrl, onPostgresql, summitSlug } from '../helper.js'
import { createPrismaClient } from '../../src/db/client.js'
import { startServer, type ServerProcess } from '../server-process.js'

// SIGTERM drains (issue 15, "The suite"): a request already in flight when the signal
// comes is answered and its write kept, then the process exits 0 within the grace
// period. The request is held in flight by sending its body in two parts, the second
// only once the server has logged that it is closing.

const secret = 'sigterm-drain-token-secret-0123456789abcdef'

/** Sends `head` and the first part of the body now; returns a function sending the rest, and the raw answer. */
function trickled (port: number, head: string, first: string) {
  const socket = connect(port, '127.0.0.1')
  let answer = ''
  socket.setEncoding('utf8')
  socket.on('data', chunk => { answer += chunk })
  const answered = new Promise<string>((resolve, reject) => {
    socket.on('end', () => resolve(answer))
    socket.on('close', () => resolve(answer))
    socket.on('error', reject)
  })
  const sent = new Promise<void>(resolve => socket.once('connect', () => socket.write(head + first, () => resolve())))
  return { sent, finish: (rest: string) => { socket.end(rest); return answered } }
}

/** Resolves once the server has written a line matching `pattern`. */
function logged (server: ServerProcess, pattern: RegExp): Promise<void> {
  if (server.lines.some(line => pattern.test(line))) return Promise.resolve()
  return new Promise(resolve => {
    const onLine = (line: string) => { if (pattern.test(line)) { server.output.off('line', onLine); resolve() } }
    server.output.on('line', onLine)
  })
}

// On PostgreSQL this finds a defect, reported and not yet fixed: the database client
// is closed under the request in flight, whose transaction fails ("Unknown
// transaction status"); it gets no answer and the process exits 1. Marked todo there
// so the PostgreSQL suite reports it without failing.
const todo = onPostgresql ? 'PostgreSQL: the database closes under the request in flight (Unknown transaction status)' : false

t.test('SIGTERM: a request in flight is answered and kept, then the process exits 0', async t => {
  const databaseUrl = migratedDatabaseUrl(t)
  const server = await startServer(t, { databaseUrl, secret, env: { SCHEDULER_INTERVAL_MS: '0', COMMENT_FLOOD_SECONDS: '0' } })
  const port = Number(new URL(server.url).port)

  const body = JSON.stringify({ name: 'Drain Tester', email: 'drain@example.com', body: 'Written across a SIGTERM.' })
  const cut = Math.floor(body.length / 2)
  const head = `POST /v1/articles/${summitSlug}/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`
  const request = trickled(port, head, body.slice(0, cut))
  await request.sent
  // The server has read the headers (it logs the request as incoming) before the signal comes.
  await logged(server, /"msg":"incoming request"/)
  server.child.kill('SIGTERM')
  await logged(server, /"msg":"closing"/)

  // Drained, not cut: the rest of the body arrives after the signal and is answered.
  const answer = await request.finish(body.slice(cut))
  t.match(answer, /^HTTP\/1\.1 201 /, 'the request in flight is answered 201', { todo, log: server.lines.slice(-8) })
  const created = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4) || '{}') as { id?: string }
  t.ok(created.id, 'with the new comment', { todo })

  // While draining, nothing new is served: the port is closed or the answer is a 503.
  const late = await fetch(`${server.url}/health`).then(res => res.status, () => 'refused')
  t.ok(late === 'refused' || late === 503, `a new request after SIGTERM is not served (${late})`)

  const { code, signal } = await server.exited
  const errors = server.lines.filter(line => /"level":(50|60)/.test(line))
  t.equal(code, 0, 'the process exits 0', { todo, errors })
  t.equal(signal, null)
  t.same(errors, [], 'nothing logged as an error', { todo })

  t.notMatch(answer, 'drain@example.com', 'no email in the answer')

  // The write it answered is stored.
  const prisma = createPrismaClient(databaseUrl)
  t.teardown(() => prisma.$disconnect())
  const stored = created.id ? await prisma.comment.findUnique({ where: { id: created.id } }) : null
  t.match(stored, { body: 'Written across a SIGTERM.' }, 'the comment answered during the drain is stored', { todo })
})
