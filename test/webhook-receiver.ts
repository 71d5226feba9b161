import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'

// A real HTTP server on 127.0.0.1 that records what webhook deliveries bring it.

export interface Received { headers: IncomingHttpHeaders, body: string }

/** How the receiver answers its nth request (0-based): a status, or 'hang' to never answer. */
export type Answer = (n: number, received: Received) => number | 'hang'

export async function receiver (t: Test, answer: Answer = () => 204) {
  const received: Received[] = []
  const hanging: ServerResponse[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const got = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      const n = received.length
      received.push(got)
      const status = answer(n, got)
      if (status === 'hang') { hanging.push(res); return }
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`answer ${n}`)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>(resolve => {
    for (const res of hanging) res.destroy()
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/hook`, port, received }
}

/** Polls `check` until it returns a truthy value; fails the test after `ms` without one. */
export async function eventually<T> (check: () => Promise<T | undefined | false> | T | undefined | false, what: string, ms = 15_000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 25))
  }
}
