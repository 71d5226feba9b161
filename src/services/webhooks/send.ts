import http from 'node:http'
import https from 'node:https'
import type { Agent } from 'node:http'

// One HTTP attempt. node's http client never follows redirects, so a 3xx is just an
// answer (and not a success); the body is read only up to the excerpt we keep.

const excerptBytes = 1024

export interface AttemptResult {
  statusCode: number | null
  durationMs: number
  error: string | null
  response: string | null
}

export function send (url: string, body: string, headers: Record<string, string>, agent: Agent, timeoutMs: number): Promise<AttemptResult> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  return new Promise(resolve => {
    let settled = false
    const finish = (result: Omit<AttemptResult, 'durationMs'>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ ...result, durationMs: elapsed() })
    }
    const client = url.startsWith('https:') ? https : http
    const request = client.request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Dateline-Webhooks/1', ...headers }
    }, response => {
      const chunks: Buffer[] = []
      let size = 0
      const done = () => {
        const text = Buffer.concat(chunks).subarray(0, excerptBytes).toString('utf8')
        finish({ statusCode: response.statusCode ?? null, error: null, response: text === '' ? null : text })
      }
      response.on('data', (chunk: Buffer) => {
        if (size < excerptBytes) chunks.push(chunk)
        size += chunk.length
        // Enough for the excerpt: the rest of a large answer is not read.
        if (size >= excerptBytes) { done(); response.destroy() }
      })
      response.on('end', done)
      response.on('error', done)
    })
    // A whole-attempt deadline (connect, send and answer), not an idle-socket one.
    const timer = setTimeout(() => {
      finish({ statusCode: null, error: `timed out after ${timeoutMs} ms`, response: null })
      request.destroy()
    }, timeoutMs)
    request.on('error', error => finish({ statusCode: null, error: error.message, response: null }))
    request.end(body)
  })
}
