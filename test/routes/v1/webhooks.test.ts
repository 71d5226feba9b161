import t from 'tap'
import type { InjectOptions } from 'fastify'
import { buildApp } from '../../../src/app.js'
import { loggerOptions } from '../../../src/logger.js'
import { send } from '../../../src/services/webhooks/send.js'
import { WebhookTargets } from '../../../src/services/webhooks/targets.js'
import { build, testConfig } from '../../helper.js'
import { eventually, receiver } from '../../webhook-receiver.js'

async function adminOf (app: Awaited<ReturnType<typeof build>>) {
  return { authorization: `Bearer ${(await app.tokens.create({ name: 'admin', scopes: ['admin'] })).token}` }
}

t.test('webhook admin: create, read, change, rotate, delete; the secret only in the answers that make it', async t => {
  const lines: string[] = []
  const logger = { ...(loggerOptions({ logLevel: 'trace' }, false) as object), stream: { write: (line: string) => { lines.push(line) } } }
  const app = await buildApp(testConfig(t, { SEED_ON_START: 'never', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_POLL_INTERVAL_MS: '50' }), logger)
  t.teardown(() => app.close())
  const auth = await adminOf(app)
  const hook = await receiver(t)
  const answers: string[] = []
  const call = async (options: InjectOptions) => {
    const res = await app.inject(options)
    answers.push(res.body)
    return res
  }

  const created = await app.inject({ method: 'POST', url: '/v1/webhooks', headers: auth, payload: { url: hook.url, events: ['article.*', 'comment.approved'], description: 'App push' } })
  t.equal(created.statusCode, 201)
  const webhook = created.json()
  t.match(webhook, { url: hook.url, events: ['article.*', 'comment.approved'], description: 'App push', active: true, secret: /^whsec_[A-Za-z0-9+/]+={0,2}$/ })
  t.equal(created.headers.location, `/v1/webhooks/${webhook.id}`)
  const secrets = [webhook.secret as string]

  const list = await call({ url: '/v1/webhooks', headers: auth })
  t.equal(list.statusCode, 200)
  t.same(list.json().data.map((w: { id: string }) => w.id), [webhook.id])
  t.notOk('secret' in list.json().data[0], 'no secret in the list')
  const read = await call({ url: `/v1/webhooks/${webhook.id}`, headers: auth })
  t.notOk('secret' in read.json(), 'no secret in a read')

  const patched = await call({ method: 'PATCH', url: `/v1/webhooks/${webhook.id}`, headers: auth, payload: { events: ['*'], description: null } })
  t.equal(patched.statusCode, 200)
  t.match(patched.json(), { events: ['*'], description: null })
  t.notOk('secret' in patched.json())

  const rotated = await app.inject({ method: 'POST', url: `/v1/webhooks/${webhook.id}/secret`, headers: auth })
  t.equal(rotated.statusCode, 200)
  t.not(rotated.json().secret, webhook.secret)
  secrets.push(rotated.json().secret)

  // The test event is signed with the new secret; no answer or log line holds either secret.
  t.equal((await call({ method: 'POST', url: `/v1/webhooks/${webhook.id}/test`, headers: auth })).statusCode, 202)
  await eventually(async () => (await call({ url: `/v1/webhooks/${webhook.id}/deliveries`, headers: auth })).json().data[0]?.status === 'succeeded', 'the test delivery')
  t.equal(hook.received.length, 1)

  // Every admin write left a webhook.* change in the outbox, without the secret.
  const outbox = await app.prisma.outboxEvent.findMany({ where: { resource: 'webhook' }, orderBy: { id: 'asc' } })
  t.same(outbox.map(e => e.event), ['created', 'updated', 'secret_rotated', 'tested'])
  t.equal((await call({ method: 'DELETE', url: `/v1/webhooks/${webhook.id}`, headers: auth })).statusCode, 204)
  t.equal((await call({ url: `/v1/webhooks/${webhook.id}`, headers: auth })).statusCode, 404)
  t.equal(await app.prisma.outboxEvent.count({ where: { resource: 'webhook', event: 'deleted' } }), 1)

  const stored = [...lines, ...answers, ...outbox.map(e => e.data ?? '')]
  for (const secret of secrets) {
    const key = secret.slice('whsec_'.length)
    t.notOk(stored.some(line => line.includes(key)), 'the secret is in no list or read answer, log line or outbox event')
  }
  t.ok(lines.some(line => line.includes('webhook delivery attempt')), 'deliveries are logged')
})

t.test('webhook routes need the admin scope', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  const writer = { authorization: `Bearer ${(await app.tokens.create({ name: 'w', scopes: ['content:write'] })).token}` }
  t.equal((await app.inject({ url: '/v1/webhooks' })).statusCode, 401)
  t.equal((await app.inject({ url: '/v1/webhooks', headers: writer })).statusCode, 403)
  t.equal((await app.inject({ method: 'POST', url: '/v1/webhooks', headers: writer, payload: { url: 'https://hooks.example/', events: ['*'] } })).statusCode, 403)
})

t.test('bad subscriptions are 400s naming the field', async t => {
  const app = await build(t, { SEED_ON_START: 'never', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' })
  const auth = await adminOf(app)
  const post = (payload: unknown) => app.inject({ method: 'POST', url: '/v1/webhooks', headers: auth, payload: payload as object })
  for (const events of [['article.exploded'], ['nothing.*'], ['Article.created'], [], ['webhook.created']]) {
    const res = await post({ url: 'http://127.0.0.1:9/', events })
    t.equal(res.statusCode, 400, JSON.stringify(events))
    t.match(res.json().errors, [{ in: 'body', pointer: '/events' }])
  }
  for (const url of ['ftp://127.0.0.1/', 'not a url', 'http://user:pw@127.0.0.1/']) {
    const res = await post({ url, events: ['*'] })
    t.equal(res.statusCode, 400, url)
    t.match(res.json().errors, [{ in: 'body', pointer: '/url' }])
  }
  t.equal((await post({ url: 'http://127.0.0.1/', events: ['*'], secret: 'mine' })).statusCode, 400, 'unknown properties are refused')
  const created = (await post({ url: 'http://127.0.0.1:9/', events: ['*'] })).json()
  const patch = await app.inject({ method: 'PATCH', url: `/v1/webhooks/${created.id}`, headers: auth, payload: { url: 'http://10.0.0.1/' } })
  t.equal(patch.statusCode, 400)
  t.match(patch.json().errors, [{ in: 'body', pointer: '/url' }])
  t.equal((await app.inject({ url: '/v1/webhooks/not-a-uuid', headers: auth })).statusCode, 400)
})

const refused = [
  'http://127.0.0.1/', 'http://127.1.2.3/', 'http://2130706433/', 'http://localhost/', 'http://0.0.0.0/',
  'http://10.0.0.1/', 'http://172.16.5.4/', 'http://192.168.1.1/',
  'http://169.254.1.1/', 'http://100.64.0.1/', 'http://100.127.255.254/',
  'http://224.0.0.1/', 'http://239.255.255.250/',
  'http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/',
  'http://[::1]/', 'http://[fe80::1]/', 'http://[fc00::1]/', 'http://[ff02::1]/',
  'http://[::ffff:127.0.0.1]/', 'http://[::ffff:10.0.0.1]/', 'http://[::ffff:169.254.169.254]/'
]

t.test('every non-public address and host name resolving to one is refused at subscription', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  const auth = await adminOf(app)
  for (const url of refused) {
    const res = await app.inject({ method: 'POST', url: '/v1/webhooks', headers: auth, payload: { url, events: ['*'] } })
    t.equal(res.statusCode, 400, url)
    t.match(res.json().errors, [{ in: 'body', pointer: '/url' }], `${url} names url`)
  }
  t.equal(await app.prisma.webhook.count(), 0)
})

t.test('WEBHOOK_ALLOWED_HOSTS allows named hosts, never metadata addresses', async t => {
  const app = await build(t, { SEED_ON_START: 'never', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1, localhost,169.254.169.254,[fd00:ec2::254],[::ffff:169.254.169.254]' })
  const auth = await adminOf(app)
  const post = (url: string) => app.inject({ method: 'POST', url: '/v1/webhooks', headers: auth, payload: { url, events: ['*'] } })
  t.equal((await post('http://127.0.0.1:8080/hook')).statusCode, 201)
  t.equal((await post('http://localhost:8080/hook')).statusCode, 201)
  t.equal((await post('http://10.0.0.1/')).statusCode, 400, 'hosts not named stay refused')
  for (const url of ['http://169.254.169.254/', 'http://[fd00:ec2::254]/', 'http://[::ffff:169.254.169.254]/']) {
    const res = await post(url)
    t.equal(res.statusCode, 400, url)
    t.match(res.json().detail, /metadata/)
  }
})

t.test('the address is checked again at every delivery', async t => {
  const app = await build(t, { SEED_ON_START: 'never', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_POLL_INTERVAL_MS: '50', WEBHOOK_MAX_ATTEMPTS: '1' })
  const auth = await adminOf(app)
  const hook = await receiver(t)
  // As if the host had resolved elsewhere when subscribed: localhost is not allowed.
  const row = await app.prisma.webhook.create({ data: { url: `http://localhost:${hook.port}/hook`, events: '["*"]', secret: `whsec_${Buffer.from('0123456789abcdef0123456789').toString('base64')}` } })
  await app.inject({ method: 'POST', url: `/v1/webhooks/${row.id}/test`, headers: auth })
  const [delivery] = await eventually(async () => {
    const data = (await app.inject({ url: `/v1/webhooks/${row.id}/deliveries`, headers: auth })).json().data
    return data[0]?.status === 'failed' && data
  }, 'the refused delivery')
  t.match(delivery.attempts, [{ statusCode: null, error: /refused/ }])
  t.equal(hook.received.length, 0, 'the receiver was never called')
})

t.test('the connection itself refuses a non-public address a name resolves to (DNS rebinding)', async t => {
  const hook = await receiver(t)
  const targets = new WebhookTargets([])
  const url = `http://localhost:${hook.port}/hook`
  const result = await send(url, '{}', {}, targets.agentFor(url), 2000)
  t.equal(result.statusCode, null)
  t.match(result.error, /not allowed/)
  t.equal(hook.received.length, 0)
  const allowed = new WebhookTargets(['localhost'])
  t.match(await send(url, '{}', {}, allowed.agentFor(url), 2000), { statusCode: 204 }, 'an allowed host is reached')
})

t.test('redirects are not followed and only an excerpt of the answer is kept', async t => {
  const { createServer } = await import('node:http')
  const server = createServer((req, res) => {
    if (req.url === '/redirect') res.writeHead(302, { location: '/other' }).end()
    else res.writeHead(500).end('x'.repeat(100_000))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.closeAllConnections(); server.close() })
  const port = (server.address() as { port: number }).port
  const targets = new WebhookTargets(['127.0.0.1'])
  const base = `http://127.0.0.1:${port}`
  t.match(await send(`${base}/redirect`, '{}', {}, targets.agentFor(base), 2000), { statusCode: 302 })
  const big = await send(`${base}/big`, '{}', {}, targets.agentFor(base), 2000)
  t.equal(big.statusCode, 500)
  t.equal(big.response!.length, 1024)
})
