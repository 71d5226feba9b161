import { readFileSync } from 'node:fs'
import sharp from 'sharp'
import t from 'tap'
import { build, summitSlug } from '../../helper.js'

// Every write goes through the unit of work: each write operation the OpenAPI
// document lists is performed here with valid input, and must leave at least one
// new outbox row of the expected resource and event. A write route missing from the
// step table fails the test, so a new route cannot be forgotten.

interface OpenApi { paths: Record<string, Record<string, unknown>> }
const writeMethods = ['post', 'put', 'patch', 'delete']
const documented = Object.entries((JSON.parse(readFileSync('openapi/openapi.json', 'utf8')) as OpenApi).paths)
  .flatMap(([path, ops]) => Object.keys(ops).filter(m => writeMethods.includes(m)).map(m => `${m.toUpperCase()} ${path}`))

const email = 'door.reader@example.org'
const ids: Record<string, string> = {}

interface Step {
  /** The operation as the OpenAPI document names it. */
  op: string
  url: () => string
  payload?: unknown
  headers?: Record<string, string>
  status: number
  /** resource.event rows it must record; [] for the few POSTs that write nothing. */
  events: string[]
  after?: (body: Record<string, unknown>) => void
  /** Sets the stage through the database, for a write that needs a state no route makes at once. */
  before?: (app: Awaited<ReturnType<typeof build>>) => Promise<unknown>
}

const article = 'door-story'
/** An image upload, as a form sends it. */
const boundary = 'door-boundary'
const picture = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#369' } }).png().toBuffer()
const upload = Buffer.concat([
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="door.png"\r\nContent-Type: image/png\r\n\r\n`),
  picture,
  Buffer.from(`\r\n--${boundary}--\r\n`)
])
const steps: Step[] = [
  { op: 'POST /v1/entities', url: () => '/v1/entities', payload: { kind: 'group', name: 'Door Person' }, status: 201, events: ['entity.created'] },
  { op: 'PUT /v1/entities/{slug}', url: () => '/v1/entities/door-person', payload: { kind: 'group', name: 'Door Person', summary: 'Keeps doors.' }, status: 200, events: ['entity.updated'] },
  { op: 'PATCH /v1/entities/{slug}', url: () => '/v1/entities/door-person', payload: { summary: 'Keeps every door.' }, status: 200, events: ['entity.updated'] },
  { op: 'POST /v1/articles', url: () => '/v1/articles', payload: { title: 'Door story', body: 'Door Person spoke in Tehran about Iran.', status: 'published' }, status: 201, events: ['article.created', 'article.published'] },
  { op: 'PUT /v1/articles/{slug}', url: () => '/v1/articles/door-put', payload: { title: 'Door put', body: 'Text.' }, status: 201, events: ['article.created'] },
  { op: 'PATCH /v1/articles/{slug}', url: () => `/v1/articles/${article}`, payload: { title: 'Door story, revised' }, status: 200, events: ['article.updated'] },
  { op: 'POST /v1/articles/{slug}/revisions/{version}/restore', url: () => `/v1/articles/${article}/revisions/1/restore`, status: 200, events: ['article.updated'] },
  { op: 'POST /v1/articles/{slug}/analyze', url: () => `/v1/articles/${article}/analyze`, status: 200, events: [] },
  { op: 'POST /v1/quotes', url: () => '/v1/quotes', payload: { article, text: 'The door stays open.', speaker: 'door-person' }, status: 201, events: ['quote.created'], after: body => { ids.quote = body.id as string } },
  { op: 'PATCH /v1/quotes/{id}', url: () => `/v1/quotes/${ids.quote}`, payload: { verified: true }, status: 200, events: ['quote.updated'] },
  { op: 'DELETE /v1/quotes/{id}', url: () => `/v1/quotes/${ids.quote}`, status: 204, events: ['quote.deleted'] },
  {
    op: 'POST /v1/candidates',
    url: () => '/v1/candidates',
    // A quote kept under a speaker the registry lacks, as analysis leaves one.
    before: async app => {
      const story = await app.prisma.article.findUniqueOrThrow({ where: { slug: article }, select: { id: true } })
      await app.prisma.quote.create({ data: { articleId: story.id, text: 'Doors are for opening.', speakerName: 'Dora Keeper', source: 'automatic' } })
    },
    payload: { name: 'Dora Keeper', kind: 'person' },
    status: 201,
    events: ['entity.created']
  },
  { op: 'POST /v1/relations', url: () => '/v1/relations', payload: { subject: 'door-person', predicate: 'supports', object: 'iran' }, status: 201, events: ['relation.created'], after: body => { ids.relation = body.id as string } },
  { op: 'DELETE /v1/relations/{id}', url: () => `/v1/relations/${ids.relation}`, status: 204, events: ['relation.deleted'] },
  { op: 'PUT /v1/articles/{slug}/mentions/{entity}', url: () => `/v1/articles/${article}/mentions/russia`, status: 201, events: ['mention.created'] },
  { op: 'DELETE /v1/articles/{slug}/mentions/{entity}', url: () => `/v1/articles/${article}/mentions/russia`, status: 204, events: ['mention.deleted'] },
  { op: 'POST /v1/authors', url: () => '/v1/authors', payload: { name: 'Door Writer' }, status: 201, events: ['author.created'] },
  { op: 'PATCH /v1/authors/{slug}', url: () => '/v1/authors/door-writer', payload: { bio: 'Writes about doors.' }, status: 200, events: ['author.updated'] },
  { op: 'DELETE /v1/authors/{slug}', url: () => '/v1/authors/door-writer', status: 204, events: ['author.deleted'] },
  { op: 'POST /v1/images', url: () => '/v1/images', payload: upload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, status: 201, events: ['image.created'], after: body => { ids.image = body.id as string } },
  { op: 'PATCH /v1/images/{id}', url: () => `/v1/images/${ids.image}`, payload: { alt: 'A blue door.' }, status: 200, events: ['image.updated'] },
  { op: 'DELETE /v1/images/{id}', url: () => `/v1/images/${ids.image}`, status: 204, events: ['image.deleted'] },
  { op: 'POST /v1/sections', url: () => '/v1/sections', payload: { name: 'Door Desk' }, status: 201, events: ['section.created'] },
  { op: 'PATCH /v1/sections/{slug}', url: () => '/v1/sections/door-desk', payload: { description: 'Doors.' }, status: 200, events: ['section.updated'] },
  { op: 'DELETE /v1/sections/{slug}', url: () => '/v1/sections/door-desk', status: 204, events: ['section.deleted'] },
  { op: 'PATCH /v1/tags/{slug}', url: () => '/v1/tags/syria', payload: { description: 'The war and its diplomacy.' }, status: 200, events: ['tag.updated'] },
  { op: 'POST /v1/articles/{slug}/corrections', url: () => `/v1/articles/${article}/corrections`, payload: { kind: 'correction', text: 'An earlier version misplaced a door.' }, status: 201, events: ['article.updated'] },
  { op: 'POST /v1/articles/{slug}/comments', url: () => `/v1/articles/${summitSlug}/comments`, payload: { name: 'Door Reader', email, body: 'A fair account.' }, status: 201, events: ['comment.created'], after: body => { ids.comment = body.id as string } },
  { op: 'PATCH /v1/comments/{id}', url: () => `/v1/comments/${ids.comment}`, payload: { status: 'approved' }, status: 200, events: ['comment.approved'] },
  { op: 'PATCH /v1/comments', url: () => '/v1/comments', payload: () => ({ ids: [ids.comment], status: 'spam' }), status: 200, events: ['comment.spam'] },
  { op: 'DELETE /v1/comments/{id}', url: () => `/v1/comments/${ids.comment}`, status: 204, events: ['comment.deleted'] },
  { op: 'POST /v1/articles/{slug}/likes', url: () => `/v1/articles/${summitSlug}/likes`, headers: { 'x-reader-key': 'door-reader' }, status: 201, events: ['like.created'] },
  { op: 'POST /v1/privacy/comments/export', url: () => '/v1/privacy/comments/export', payload: { email }, status: 200, events: [] },
  { op: 'POST /v1/privacy/comments/erase', url: () => '/v1/privacy/comments/erase', payload: { email }, status: 200, events: ['privacy.erased'] },
  { op: 'POST /v1/tokens', url: () => '/v1/tokens', payload: { name: 'door', scopes: ['content:read'] }, status: 201, events: ['token.created'], after: body => { ids.token = body.id as string } },
  { op: 'DELETE /v1/tokens/{id}', url: () => `/v1/tokens/${ids.token}`, status: 204, events: ['token.revoked'] },
  { op: 'POST /v1/webhooks', url: () => '/v1/webhooks', payload: { url: 'http://127.0.0.1:9/door', events: ['article.*'] }, status: 201, events: ['webhook.created'], after: body => { ids.webhook = body.id as string } },
  { op: 'PATCH /v1/webhooks/{id}', url: () => `/v1/webhooks/${ids.webhook}`, payload: { description: 'The door desk' }, status: 200, events: ['webhook.updated'] },
  { op: 'POST /v1/webhooks/{id}/secret', url: () => `/v1/webhooks/${ids.webhook}/secret`, status: 200, events: ['webhook.secret_rotated'] },
  { op: 'POST /v1/webhooks/{id}/test', url: () => `/v1/webhooks/${ids.webhook}/test`, status: 202, events: ['webhook.tested'], after: body => { ids.delivery = body.id as string } },
  {
    op: 'POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver',
    url: () => `/v1/webhooks/${ids.webhook}/deliveries/${ids.delivery}/redeliver`,
    // Only a finished delivery is sent again; the worker is off here, so finish it by hand.
    before: app => app.prisma.webhookDelivery.update({ where: { id: ids.delivery }, data: { status: 'failed' } }),
    status: 202,
    events: ['webhook.redelivered']
  },
  { op: 'DELETE /v1/webhooks/{id}', url: () => `/v1/webhooks/${ids.webhook}`, status: 204, events: ['webhook.deleted'] },
  { op: 'POST /v1/import', url: () => '/v1/import', payload: { format: 'dateline-bundle', version: 1, entities: [{ slug: 'door-import', kind: 'place', name: 'Door Import' }] }, status: 200, events: ['entity.created'] },
  { op: 'DELETE /v1/articles/{slug}', url: () => '/v1/articles/door-put', status: 204, events: ['article.deleted'] },
  { op: 'DELETE /v1/entities/{slug}', url: () => '/v1/entities/door-person', status: 204, events: ['entity.deleted'] }
]

t.test('every write operation in the OpenAPI document records its change in the outbox', async t => {
  const app = await build(t, { COMMENT_FLOOD_SECONDS: '0', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_WORKER: 'false' })
  const { token } = await app.tokens.create({ name: 'door-admin', scopes: ['admin'] })
  const auth = { authorization: `Bearer ${token}` }
  const tabled = new Set(steps.map(s => s.op))
  for (const op of documented) t.ok(tabled.has(op), `${op} is in the write-door step table`)
  for (const op of tabled) t.ok(documented.includes(op), `${op} is a documented operation`)

  let last = (await app.prisma.outboxEvent.aggregate({ _max: { id: true } }))._max.id ?? 0
  for (const step of steps) {
    await step.before?.(app)
    const [method] = step.op.split(' ')
    const payload = typeof step.payload === 'function' ? (step.payload as () => unknown)() : step.payload
    const res = await app.inject({ method: method as 'POST', url: step.url(), headers: { ...auth, ...step.headers }, ...(payload !== undefined ? { payload: payload as object } : {}) })
    t.equal(res.statusCode, step.status, `${step.op}: ${res.body.slice(0, 200)}`)
    if (res.statusCode < 300 && res.body) step.after?.(res.json())
    const rows = await app.prisma.outboxEvent.findMany({ where: { id: { gt: last } }, orderBy: { id: 'asc' } })
    last = rows.at(-1)?.id ?? last
    const seen = rows.map(r => `${r.resource}.${r.event}`)
    if (step.events.length === 0) t.same(seen, [], `${step.op} writes nothing`)
    else t.ok(step.events.every(e => seen.includes(e)), `${step.op} recorded ${step.events.join(', ')} (saw ${seen.join(', ') || 'nothing'})`)
  }

  const everything = (await app.prisma.outboxEvent.findMany({ select: { data: true } })).map(r => r.data ?? '').join('\n')
  t.notOk(everything.includes(email), 'no event holds a commenter\'s email')
  t.notOk(everything.includes(token), 'no event holds a token')
  t.notOk(/"hash"|ipHash|readerHash|authorEmail/.test(everything), 'no event holds a hash or an email field')
})

t.test('a write that is refused or rolled back leaves no outbox row', async t => {
  const app = await build(t)
  const { token } = await app.tokens.create({ name: 'editor', scopes: ['content:write'] })
  const auth = { authorization: `Bearer ${token}` }
  const before = await app.prisma.outboxEvent.count()
  const taken = await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { title: 'Taken', slug: summitSlug, body: 'Text.' } })
  t.equal(taken.statusCode, 409)
  const stale = await app.inject({ method: 'PATCH', url: `/v1/articles/${summitSlug}`, headers: { ...auth, 'if-match': '"v999"' }, payload: { title: 'Stale' } })
  t.equal(stale.statusCode, 412)
  // The import writes its entity, then finds the relation's missing subject: all of it rolls back.
  const half = await app.inject({
    method: 'POST',
    url: '/v1/import',
    headers: auth,
    payload: { format: 'dateline-bundle', version: 1, entities: [{ slug: 'half-written', kind: 'place', name: 'Half Written' }], relations: [{ subject: 'nobody-at-all', predicate: 'supports', object: 'iran' }] }
  })
  t.equal(half.statusCode, 400)
  t.equal(await app.prisma.entity.count({ where: { slug: 'half-written' } }), 0, 'the import rolled back')
  t.equal(await app.prisma.outboxEvent.count(), before, 'and left no event')
})
