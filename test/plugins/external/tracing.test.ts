import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { build } from '../../helper.js'

// @fastify/otel and the OpenTelemetry SDK are CommonJS: once imported they sit in require's cache.
// The API package (@opentelemetry/api) is not among them: Prisma's client loads it anyway, and it does nothing alone.
const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter(file => /[\\/]@(fastify[\\/]otel|opentelemetry[\\/](?!api[\\/]))/.test(file))

t.test('without OTEL_EXPORTER_OTLP_ENDPOINT no tracing is loaded', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  t.equal(app.tracing, false)
  t.notOk(app.hasPlugin('@fastify/otel'))
  t.equal((await app.inject('/health')).statusCode, 200)
  t.same(loaded(), [], 'no OpenTelemetry module was imported')
})

t.test('with OTEL_EXPORTER_OTLP_ENDPOINT, request spans are posted to the collector', async t => {
  const received: Array<{ url?: string, type?: string, body: string }> = []
  const collector = createServer((req, res) => {
    let body = ''
    req.on('data', chunk => { body += chunk })
    req.on('end', () => {
      received.push({ url: req.url, type: req.headers['content-type'], body })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>(resolve => collector.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>(resolve => collector.close(() => resolve())))
  const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`

  const app = await build(t, { SEED_ON_START: 'never', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'dateline-test' })
  t.equal(app.tracing, true)
  t.ok(app.hasPlugin('@fastify/otel'))
  t.equal((await app.inject('/v1/articles')).statusCode, 200)
  // Closing flushes the spans still buffered.
  await app.close()

  const traces = received.filter(r => r.url === '/v1/traces')
  t.ok(traces.length > 0, 'the exporter posted to <endpoint>/v1/traces')
  const body = traces.map(r => r.body).join('\n')
  t.match(body, /dateline-test/, 'under the configured service name')
  t.match(body, /\/v1\/articles/, 'with a span for the request route')
})
