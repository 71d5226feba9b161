import t from 'tap'
import { build, onPostgresql, summitSlug } from '../../helper.js'

type App = Awaited<ReturnType<typeof build>>

async function scrape (app: App): Promise<{ status: number, type: string | null, text: string }> {
  const res = await fetch(`http://127.0.0.1:${app.metrics!.port()}/metrics`)
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() }
}

/** The value of one sample line, by its exact name and labels. */
function sample (text: string, series: string): number | undefined {
  const line = text.split('\n').find(l => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

t.test('metrics are off by default, and never on the API port', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  t.equal(app.metrics, null)
  t.equal((await app.inject('/metrics')).statusCode, 404)
})

t.test('METRICS_PORT serves Prometheus metrics: requests by route, cache hits, outbox backlog', async t => {
  const app = await build(t, { METRICS_PORT: '0', RESPONSE_CACHE: 'on', WEBHOOK_WORKER: 'false' })
  t.equal((await app.inject('/metrics')).statusCode, 404, 'still not on the API port')

  // The cache stores once it knows the next publication time: read until a hit comes.
  const seen = { hit: 0, miss: 0 }
  for (let i = 0; i < 20 && seen.hit === 0; i++) {
    const res = await app.inject(`/v1/articles/${summitSlug}`)
    t.equal(res.statusCode, 200)
    seen[res.headers['x-cache'] as 'hit' | 'miss']++
  }
  t.ok(seen.hit > 0, 'a repeat read came from the cache')
  t.equal((await app.inject('/v1/articles/no-such-story-q7x')).statusCode, 404)
  t.equal((await app.inject('/wp-login.php')).statusCode, 404)
  await app.prisma.outboxEvent.create({ data: { resource: 'article', resourceId: summitSlug, event: 'updated' } })
  const backlog = await app.prisma.outboxEvent.count({ where: { dispatchedAt: null } })

  const { status, type, text } = await scrape(app)
  t.equal(status, 200)
  t.match(type, /^text\/plain; version=0\.0\.4/)
  const reads = seen.hit + seen.miss
  t.equal(sample(text, 'dateline_http_requests_total{method="GET",route="/v1/articles/:slug",status_code="200"}'), reads, 'counted by route template')
  t.equal(sample(text, 'dateline_http_requests_total{method="GET",route="/v1/articles/:slug",status_code="404"}'), 1)
  t.equal(sample(text, 'dateline_http_request_duration_seconds_count{method="GET",route="/v1/articles/:slug",status_code="200"}'), reads, 'latency histogram')
  t.equal(sample(text, 'dateline_http_requests_total{method="GET",route="unmatched",status_code="404"}'), 2, 'unknown URLs (/metrics, /wp-login.php) share one series')
  t.notMatch(text, /no-such-story-q7x|wp-login/, 'no raw URL becomes a label')
  t.equal(sample(text, 'dateline_response_cache_requests_total{result="hit"}'), seen.hit)
  // The unknown slug's 404 ran the route too: a miss.
  t.equal(sample(text, 'dateline_response_cache_requests_total{result="miss"}'), seen.miss + 1)
  t.ok(sample(text, 'dateline_response_cache_entries')! >= 1)
  t.ok(backlog >= 1)
  t.equal(sample(text, 'dateline_outbox_backlog{queue="outbox"}'), backlog, 'undelivered outbox rows')
  t.equal(sample(text, 'dateline_outbox_backlog{queue="webhook_deliveries"}'), 0)
  t.match(text, /^dateline_process_cpu_seconds_total \d/m, 'process metrics too')
  if (onPostgresql) {
    t.equal(sample(text, 'dateline_database_pool_max'), 10)
    t.ok(sample(text, 'dateline_database_pool_connections{state="total"}')! >= 1, 'open PostgreSQL connections')
    t.equal(sample(text, 'dateline_database_pool_connections{state="waiting"}'), 0)
  } else {
    t.notMatch(text, /dateline_database_pool/, 'SQLite has no pool to report')
  }
  t.equal((await fetch(`http://127.0.0.1:${app.metrics!.port()}/other`)).status, 404)
})
