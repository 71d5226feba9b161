import t from 'tap'
import { createPrismaClient } from '../../src/db/client.js'
import { UnitOfWork } from '../../src/db/unit-of-work.js'
import { TokenService } from '../../src/services/tokens.js'
import { onPostgresql, testDatabaseUrl } from '../helper.js'
import { killServer, startServer } from '../server-process.js'
import { eventually, receiver } from '../webhook-receiver.js'

// Webhook delivery across process deaths and between processes. Real server processes
// listening on ports, real receivers on 127.0.0.1.

const secret = 'webhook-process-token-secret-0123456789abcdef'
type T = Parameters<typeof testDatabaseUrl>[0]

function start (t: T, databaseUrl: string, env: Record<string, string> = {}) {
  return startServer(t, {
    databaseUrl,
    secret,
    env: {
      SEED_ON_START: 'never',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_POLL_INTERVAL_MS: '50',
      WEBHOOK_BACKOFF_BASE_MS: '20',
      WEBHOOK_TIMEOUT_MS: '300',
      ...env
    }
  })
}

async function adminHeaders (t: T, databaseUrl: string) {
  const prisma = createPrismaClient(databaseUrl)
  t.teardown(() => prisma.$disconnect())
  const admin = await new TokenService(prisma, new UnitOfWork(prisma), secret).create({ name: `ops-${Math.random()}`, scopes: ['admin'] })
  return { prisma, headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' } }
}

async function post (url: string, headers: Record<string, string>, body: unknown) {
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) })
  return { status: res.status, body: await res.json() as Record<string, unknown> }
}

t.test('a change acknowledged just before SIGKILL is delivered after the restart', async t => {
  const databaseUrl = testDatabaseUrl(t)
  // The first request hangs, so a delivery can be in flight when the process dies.
  const hook = await receiver(t, n => n === 0 ? 'hang' : 204)
  const first = await start(t, databaseUrl)
  const { prisma, headers } = await adminHeaders(t, databaseUrl)
  const webhook = await post(`${first.url}/v1/webhooks`, headers, { url: hook.url, events: ['author.created'] })
  t.equal(webhook.status, 201)

  const created = await post(`${first.url}/v1/authors`, headers, { name: 'Killed Mid Flight' })
  t.equal(created.status, 201, 'the change is acknowledged')
  await killServer(first)

  const second = await start(t, databaseUrl)
  t.ok(second.url)
  const delivery = await eventually(async () => {
    const row = await prisma.webhookDelivery.findFirst({ where: { webhookId: webhook.body.id as string } })
    return row?.status === 'succeeded' && row
  }, 'the delivery after restart', 30_000)
  const bodies = hook.received.map(r => JSON.parse(r.body) as { type: string, data: { slug: string } })
  t.ok(bodies.length >= 1)
  t.ok(bodies.every(b => b.type === 'author.created' && b.data.slug === 'killed-mid-flight'))
  t.same([...new Set(hook.received.map(r => r.headers['webhook-id']))], [delivery.id], 'every attempt carries the one webhook-id')
})

t.test('two processes on one PostgreSQL database deliver each event once per subscription', { skip: onPostgresql ? false : 'needs PostgreSQL: set TEST_DATABASE_URL' }, async t => {
  const databaseUrl = testDatabaseUrl(t)
  // A generous timeout: a slow answer retried is at-least-once doing its job, not a double send.
  const a = await start(t, databaseUrl, { WEBHOOK_TIMEOUT_MS: '10000' })
  const b = await start(t, databaseUrl, { WEBHOOK_TIMEOUT_MS: '10000' })
  const { prisma, headers } = await adminHeaders(t, databaseUrl)
  const hooks = [await receiver(t), await receiver(t)]
  for (const hook of hooks) t.equal((await post(`${a.url}/v1/webhooks`, headers, { url: hook.url, events: ['author.*'] })).status, 201)

  const count = 20
  await Promise.all(Array.from({ length: count }, (_, i) => post(`${(i % 2 === 0 ? a : b).url}/v1/authors`, headers, { name: `Author ${i}` })))
  await eventually(async () => await prisma.webhookDelivery.count({ where: { status: 'succeeded' } }) === count * 2, 'every delivery', 60_000)
  t.equal(await prisma.webhookDelivery.count(), count * 2, 'one delivery per event and subscription')
  t.equal(await prisma.webhookAttempt.count(), count * 2, 'one attempt each')
  for (const hook of hooks) {
    t.equal(hook.received.length, count, `each receiver got each event once (got ${hook.received.length})`)
    t.equal(new Set(hook.received.map(r => r.headers['webhook-id'])).size, count)
    t.same(new Set(hook.received.map(r => (JSON.parse(r.body) as { data: { slug: string } }).data.slug)).size, count)
  }
})
