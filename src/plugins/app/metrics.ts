import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { connectionPool } from '../../db/client.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Prometheus metrics; null when METRICS_PORT is unset. */
    metrics: { registry: Registry, port: () => number } | null
  }
}

export interface MetricsOptions {
  /** Where Prometheus scrapes `GET /metrics`; undefined: no metrics at all. */
  port?: number
  host: string
  /** PostgreSQL pool size from the config, reported beside the live counts. */
  poolMax: number
}

// Prometheus metrics on a port of their own, never on the public API: an operator
// exposes it to the scraper only. Labels use the route's template (/v1/articles/:slug),
// never the raw URL, so a crawler cannot grow the series without bound.
export default fp(async function metrics (app: FastifyInstance, options: MetricsOptions) {
  if (options.port === undefined) {
    app.decorate('metrics', null)
    return
  }
  // One registry per app, not prom-client's global one: tests build many apps in a process.
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'dateline_' })

  const labelNames = ['method', 'route', 'status_code'] as const
  const requests = new Counter({ name: 'dateline_http_requests_total', help: 'HTTP requests answered, by route template and status', labelNames, registers: [registry] })
  const duration = new Histogram({
    name: 'dateline_http_request_duration_seconds',
    help: 'Time from request to response, by route template and status',
    labelNames,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry]
  })
  const cache = new Counter({ name: 'dateline_response_cache_requests_total', help: 'Cacheable public reads, by result (hit: answered from memory; miss: the route ran)', labelNames: ['result'], registers: [registry] })

  new Gauge({
    name: 'dateline_response_cache_entries',
    help: 'Answers held in the response cache',
    registers: [registry],
    collect () { this.set(app.responseCache?.size ?? 0) }
  })
  new Gauge({
    name: 'dateline_outbox_backlog',
    help: 'Work not yet done at scrape time: outbox events not yet fanned out to webhooks (queue="outbox"), webhook deliveries still pending (queue="webhook_deliveries")',
    labelNames: ['queue'],
    registers: [registry],
    async collect () {
      const [events, deliveries] = await Promise.all([
        app.prisma.outboxEvent.count({ where: { dispatchedAt: null } }),
        app.prisma.webhookDelivery.count({ where: { status: 'pending' } })
      ])
      this.set({ queue: 'outbox' }, events)
      this.set({ queue: 'webhook_deliveries' }, deliveries)
    }
  })
  const pool = connectionPool(app.prisma)
  if (pool) {
    new Gauge({ name: 'dateline_database_pool_max', help: 'Connections this process may open to PostgreSQL (DATABASE_POOL_SIZE)', registers: [registry] }).set(options.poolMax)
    new Gauge({
      name: 'dateline_database_pool_connections',
      help: 'PostgreSQL connections by state: open (total), idle, and queries waiting for one (waiting)',
      labelNames: ['state'],
      registers: [registry],
      collect () {
        this.set({ state: 'total' }, pool.totalCount)
        this.set({ state: 'idle' }, pool.idleCount)
        this.set({ state: 'waiting' }, pool.waitingCount)
      }
    })
  }

  app.addHook('onResponse', async (request, reply) => {
    // Unmatched URLs share one label: a scan of random paths must not make a series each.
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) }
    requests.inc(labels)
    duration.observe(labels, reply.elapsedTime / 1000)
    const result = reply.getHeader('x-cache')
    if (result === 'hit' || result === 'miss') cache.inc({ result })
  })

  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: metrics are at /metrics\n')
      return
    }
    registry.metrics().then(
      text => { res.writeHead(200, { 'content-type': registry.contentType }).end(text) },
      (error: unknown) => {
        app.log.error({ err: error }, 'could not collect metrics')
        res.writeHead(500, { 'content-type': 'text/plain' }).end('could not collect metrics\n')
      }
    )
  })
  // Listens once the whole app has started: an app that fails to start leaves no port open.
  let port = 0
  app.decorate('metrics', { registry, port: () => port })
  app.addHook('onReady', async () => {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port, options.host, () => { server.off('error', reject); resolve() })
    })
    port = (server.address() as AddressInfo).port
    app.log.info({ port }, 'metrics at /metrics')
  })
  app.addHook('onClose', async () => {
    if (!server.listening) return
    await new Promise<void>(resolve => { server.close(() => resolve()); server.closeAllConnections() })
  })
}, { name: 'metrics', dependencies: ['prisma'] })
