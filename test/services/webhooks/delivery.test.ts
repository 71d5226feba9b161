import t from 'tap'
import { Webhook } from 'standardwebhooks'
import { build } from '../../helper.js'
import { eventually, receiver, type Answer } from '../../webhook-receiver.js'

// Deliveries from the outbox to real receivers on 127.0.0.1, driven by the worker with a
// short poll interval and short retry delays.

const fast = { SEED_ON_START: 'never', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_POLL_INTERVAL_MS: '50', WEBHOOK_BACKOFF_BASE_MS: '20', WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_MAX_ATTEMPTS: '3' }

async function setup (t: Parameters<typeof build>[0], answer?: Answer, events = ['author.*']) {
  const app = await build(t, fast)
  const auth = { authorization: `Bearer ${(await app.tokens.create({ name: 'admin', scopes: ['admin'] })).token}` }
  const hook = await receiver(t, answer)
  const res = await app.inject({ method: 'POST', url: '/v1/webhooks', headers: auth, payload: { url: hook.url, events } })
  t.equal(res.statusCode, 201, 'subscribed')
  const webhook = res.json() as { id: string, secret: string }
  const deliveries = async () => (await app.inject({ url: `/v1/webhooks/${webhook.id}/deliveries`, headers: auth })).json().data as Array<{ id: string, type: string, status: string, attempts: Array<{ statusCode: number | null, error: string | null, durationMs: number, response: string | null }> }>
  return { app, auth, hook, webhook, deliveries }
}

t.test('a committed change is delivered, signed so the standardwebhooks package verifies it', async t => {
  const { app, auth, hook, webhook, deliveries } = await setup(t)
  const created = await app.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { name: 'Maria Haddad' } })
  t.equal(created.statusCode, 201)
  await eventually(() => hook.received.length === 1, 'the delivery')
  const [got] = hook.received
  t.equal(got.headers['content-type'], 'application/json')
  const verified = new Webhook(webhook.secret).verify(got.body, got.headers as Record<string, string>) as { type: string, timestamp: string, data: { slug: string, name: string } }
  t.equal(verified.type, 'author.created')
  t.match(verified.data, { slug: 'maria-haddad', name: 'Maria Haddad' })
  t.ok(Date.parse(verified.timestamp))
  t.throws(() => new Webhook(`whsec_${Buffer.from('another secret of some length').toString('base64')}`).verify(got.body, got.headers as Record<string, string>), 'another secret does not verify it')

  const [delivery] = await eventually(async () => { const d = await deliveries(); return d[0]?.status === 'succeeded' && d }, 'succeeded')
  t.equal(delivery.id, got.headers['webhook-id'], 'the delivery id is the webhook-id')
  t.match(delivery.attempts, [{ statusCode: 204, error: null }])

  // Events the filter does not name are not sent.
  await app.inject({ method: 'POST', url: '/v1/sections', headers: auth, payload: { name: 'World' } })
  await app.inject({ method: 'PATCH', url: '/v1/authors/maria-haddad', headers: auth, payload: { role: 'Correspondent' } })
  await eventually(() => hook.received.length === 2, 'the second delivery')
  t.equal(JSON.parse(hook.received[1].body).type, 'author.updated')
  t.equal((await deliveries()).length, 2, 'no delivery for section.created')
})

t.test('a 5xx and a timeout are retried with the same webhook-id until a 2xx', async t => {
  const { app, auth, hook, deliveries } = await setup(t, n => n === 0 ? 503 : n === 1 ? 'hang' : 200)
  await app.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { name: 'Retried' } })
  const [delivery] = await eventually(async () => { const d = await deliveries(); return d[0]?.status === 'succeeded' && d }, 'success after retries')
  t.equal(hook.received.length, 3)
  t.equal(new Set(hook.received.map(r => r.headers['webhook-id'])).size, 1, 'one webhook-id on every retry')
  t.equal(new Set(hook.received.map(r => r.body)).size, 1, 'the same body')
  t.match(delivery.attempts, [
    { statusCode: 503, error: null, response: 'answer 0' },
    { statusCode: null, error: /timed out/ },
    { statusCode: 200, error: null }
  ])
})

t.test('after WEBHOOK_MAX_ATTEMPTS failures a delivery is failed, and redelivery sends it again', async t => {
  let fail = true
  const { app, auth, hook, webhook, deliveries } = await setup(t, () => fail ? 500 : 200)
  await app.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { name: 'Given Up' } })
  const [failed] = await eventually(async () => { const d = await deliveries(); return d[0]?.status === 'failed' && d }, 'failed')
  t.equal(failed.attempts.length, 3)
  t.equal(hook.received.length, 3, 'no fourth attempt')

  fail = false
  const res = await app.inject({ method: 'POST', url: `/v1/webhooks/${webhook.id}/deliveries/${failed.id}/redeliver`, headers: auth })
  t.equal(res.statusCode, 202)
  t.equal(res.json().status, 'pending')
  const [again] = await eventually(async () => { const d = await deliveries(); return d[0]?.status === 'succeeded' && d }, 'redelivered')
  t.equal(again.attempts.length, 4, 'the old attempts are kept')
  t.equal(hook.received[3].headers['webhook-id'], failed.id, 'redelivery keeps the webhook-id')
  t.equal(hook.received[3].body, hook.received[0].body)

  const pendingAgain = await app.inject({ method: 'POST', url: `/v1/webhooks/${webhook.id}/test`, headers: auth })
  const busy = await app.inject({ method: 'POST', url: `/v1/webhooks/${webhook.id}/deliveries/${pendingAgain.json().id}/redeliver`, headers: auth })
  t.equal(busy.statusCode, 409, 'a pending delivery is not sent twice at once')

  const missing = await app.inject({ method: 'POST', url: `/v1/webhooks/${webhook.id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`, headers: auth })
  t.equal(missing.statusCode, 404)
})

t.test('POST /v1/webhooks/{id}/test sends a webhook.test event whatever the filter', async t => {
  const { app, auth, hook, webhook } = await setup(t, undefined, ['article.published'])
  const res = await app.inject({ method: 'POST', url: `/v1/webhooks/${webhook.id}/test`, headers: auth })
  t.equal(res.statusCode, 202)
  await eventually(() => hook.received.length === 1, 'the test delivery')
  const body = new Webhook(webhook.secret).verify(hook.received[0].body, hook.received[0].headers as Record<string, string>) as { type: string, timestamp: string, data: unknown }
  t.same(body, { type: 'webhook.test', timestamp: body.timestamp, data: { webhook: webhook.id } })
})

t.test('a change that rolls back sends nothing', async t => {
  const { app, auth, hook, deliveries } = await setup(t, undefined, ['*'])
  await t.rejects(app.unitOfWork.run(async (tx, changes) => {
    await tx.author.create({ data: { slug: 'ghost', name: 'Ghost', links: '[]' } })
    changes.record({ resource: 'author', id: 'ghost', event: 'created', data: { slug: 'ghost' } })
    throw new Error('rolled back')
  }), /rolled back/)
  // A later committed change is delivered, and is the only one.
  await app.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { name: 'Real' } })
  await eventually(async () => (await deliveries())[0]?.status === 'succeeded', 'the committed change')
  t.equal(hook.received.length, 1)
  t.equal(JSON.parse(hook.received[0].body).data.slug, 'real')
  t.equal(await app.prisma.author.count({ where: { slug: 'ghost' } }), 0)
})

t.test('a paused webhook gets nothing; a deleted one takes its deliveries with it', async t => {
  const { app, auth, hook, webhook, deliveries } = await setup(t)
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/webhooks/${webhook.id}`, headers: auth, payload: { active: false } })).json().active, false)
  await app.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { name: 'Unheard' } })
  await eventually(async () => await app.prisma.outboxEvent.count({ where: { dispatchedAt: null } }) === 0, 'dispatch')
  t.equal((await deliveries()).length, 0)
  t.equal(hook.received.length, 0)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/webhooks/${webhook.id}`, headers: auth })).statusCode, 204)
  t.equal((await app.inject({ url: `/v1/webhooks/${webhook.id}/deliveries`, headers: auth })).statusCode, 404)
})

t.test('WEBHOOK_WORKER=false: this process queues nothing and sends nothing', async t => {
  const app = await build(t, { ...fast, WEBHOOK_WORKER: 'false' })
  t.equal(app.webhookWorker, null)
  const auth = { authorization: `Bearer ${(await app.tokens.create({ name: 'admin', scopes: ['admin'] })).token}` }
  const hook = await receiver(t)
  t.equal((await app.inject({ method: 'POST', url: '/v1/webhooks', headers: auth, payload: { url: hook.url, events: ['*'] } })).statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { name: 'Waiting' } })).statusCode, 201)
  t.equal(await app.prisma.outboxEvent.count({ where: { resource: 'author', dispatchedAt: null } }), 1, 'the event waits in the outbox for a process that delivers')
  t.equal(hook.received.length, 0)
})
