import t from 'tap'
import { build, summitSlug } from '../../../helper.js'

async function setup (t: Parameters<typeof build>[0], env: Record<string, string> = {}) {
  const app = await build(t, env)
  const token = async (name: string, scopes: Array<'content:read' | 'content:write'>) => ({ authorization: `Bearer ${(await app.tokens.create({ name, scopes })).token}` })
  return { app, write: await token('desk', ['content:write']), read: await token('reader', ['content:read']) }
}

const hour = 3_600_000

t.test('POST /v1/articles creates a draft, slug from the title with diacritics folded', async t => {
  const { app, write } = await setup(t)
  const res = await app.inject({ method: 'POST', url: '/v1/articles', headers: write, payload: { title: 'Erdoğan meets Putin in Sochi', body: 'Text.' } })
  t.equal(res.statusCode, 201)
  t.equal(res.headers.location, '/v1/articles/erdogan-meets-putin-in-sochi')
  t.match(res.json(), { slug: 'erdogan-meets-putin-in-sochi', status: 'draft', version: 1, publishedAt: null })
  t.match(res.headers.etag, /^"v1-[A-Za-z0-9_-]+"$/)
  t.equal(res.headers['cache-control'], 'no-store')

  const again = await app.inject({ method: 'POST', url: '/v1/articles', headers: write, payload: { title: 'Erdoğan meets Putin in Sochi', body: 'Other.' } })
  t.equal(again.statusCode, 409)
  t.match(again.json().detail, /"erdogan-meets-putin-in-sochi"/)
})

t.test('bad article bodies are one 400 naming every bad field', async t => {
  const { app, write } = await setup(t)
  const res = await app.inject({
    method: 'POST', url: '/v1/articles', headers: write,
    payload: { title: 'x'.repeat(301), body: '', status: 'live', tags: Array(31).fill('t').map((x, i) => x + i), colour: 'red' }
  })
  t.equal(res.statusCode, 400)
  t.match(res.headers['content-type'], /problem\+json/)
  const pointers = res.json().errors.map((e: { pointer: string }) => e.pointer).sort()
  t.same(pointers, ['/body', '/colour', '/status', '/tags', '/title'])
  t.equal(await app.prisma.article.count(), 1, 'nothing stored')

  const noSlug = await app.inject({ method: 'POST', url: '/v1/articles', headers: write, payload: { title: '!!!', body: 'Text.' } })
  t.match(noSlug.json(), { status: 400, errors: [{ pointer: '/title' }] })
})

t.test('PUT is an idempotent upsert; PATCH changes fields; each change is a revision naming the token', async t => {
  const { app, write } = await setup(t)
  const payload = { title: 'Ceasefire talks', body: 'Talks went on.', status: 'published', publishedAt: '2026-01-01T10:00:00.000Z', tags: ['Syria'] }
  const first = await app.inject({ method: 'PUT', url: '/v1/articles/ceasefire-talks', headers: write, payload })
  t.equal(first.statusCode, 201)
  t.equal(first.headers['x-outcome'], 'created')
  const second = await app.inject({ method: 'PUT', url: '/v1/articles/ceasefire-talks', headers: write, payload })
  t.equal(second.statusCode, 200)
  t.equal(second.headers['x-outcome'], 'unchanged', 'a script can count what a PUT did')
  t.equal(second.json().version, 1, 'the same state again changes nothing')
  t.equal(second.headers.etag, first.headers.etag)
  await app.inject({ method: 'PUT', url: '/v1/articles/other-talks', headers: write, payload })
  const changed = await app.inject({ method: 'PUT', url: '/v1/articles/other-talks', headers: write, payload: { ...payload, body: 'Talks went on late.' } })
  t.equal(changed.statusCode, 200)
  t.equal(changed.headers['x-outcome'], 'updated')
  t.equal(changed.json().version, 2)

  const patched = await app.inject({ method: 'PATCH', url: '/v1/articles/ceasefire-talks', headers: write, payload: { title: 'Ceasefire talks fail', standfirst: 'No deal.' } })
  t.equal(patched.statusCode, 200)
  t.match(patched.json(), { title: 'Ceasefire talks fail', standfirst: 'No deal.', body: 'Talks went on.', version: 2, tags: [{ name: 'Syria' }] })

  const untimed = { title: 'Untimed', body: 'B.', status: 'published' }
  const u1 = await app.inject({ method: 'PUT', url: '/v1/articles/untimed', headers: write, payload: untimed })
  await new Promise(resolve => setTimeout(resolve, 20))
  const u2 = await app.inject({ method: 'PUT', url: '/v1/articles/untimed', headers: write, payload: untimed })
  t.equal(u2.json().version, 1, 'published without a time: PUT again keeps the first publish time and changes nothing')
  t.equal(u2.json().publishedAt, u1.json().publishedAt)

  const mismatch = await app.inject({ method: 'PUT', url: '/v1/articles/ceasefire-talks', headers: write, payload: { ...payload, slug: 'other' } })
  t.match(mismatch.json(), { status: 400, errors: [{ pointer: '/slug' }] })

  const revisions = await app.inject({ url: '/v1/articles/ceasefire-talks/revisions', headers: write })
  t.same(revisions.json().data.map((r: { version: number, actor: string }) => [r.version, r.actor]), [[2, 'desk'], [1, 'desk']])
  const v1 = await app.inject({ url: '/v1/articles/ceasefire-talks/revisions/1', headers: write })
  t.match(v1.json(), { version: 1, actor: 'desk', article: { title: 'Ceasefire talks', standfirst: null, tags: ['Syria'] } })
  t.equal((await app.inject({ url: '/v1/articles/ceasefire-talks/revisions/9', headers: write })).statusCode, 404)

  const restored = await app.inject({ method: 'POST', url: '/v1/articles/ceasefire-talks/revisions/1/restore', headers: write })
  t.equal(restored.statusCode, 200)
  t.match(restored.json(), { title: 'Ceasefire talks', standfirst: null, version: 3, status: 'published' })
  t.equal((await app.prisma.articleRevision.count({ where: { article: { slug: 'ceasefire-talks' } } })), 3)

  const gone = await app.inject({ method: 'DELETE', url: '/v1/articles/ceasefire-talks', headers: write })
  t.equal(gone.statusCode, 204)
  t.equal((await app.inject({ url: '/v1/articles/ceasefire-talks', headers: write })).statusCode, 404)
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/articles/ceasefire-talks', headers: write })).statusCode, 404)
})

t.test('If-Match: a stale version is a 412, the current one passes, none is unconditional', async t => {
  const { app, write } = await setup(t)
  const url = `/v1/articles/${summitSlug}`
  const etag = (await app.inject({ url })).headers.etag as string
  t.match(etag, /^"v1-/)
  const withTag = await app.inject({ url: `${url}?include=entities`, headers: write })
  t.not(withTag.headers.etag, etag, 'another representation')
  const first = await app.inject({ method: 'PATCH', url, headers: { ...write, 'if-match': String(withTag.headers.etag) }, payload: { byline: 'Desk A' } })
  t.equal(first.statusCode, 200, 'any representation of the current version matches')
  const second = await app.inject({ method: 'PATCH', url, headers: { ...write, 'if-match': etag }, payload: { byline: 'Desk B' } })
  t.equal(second.statusCode, 412)
  t.match(second.json(), { status: 412, detail: /changed/ })
  t.equal((await app.inject({ method: 'DELETE', url, headers: { ...write, 'if-match': etag } })).statusCode, 412)
  t.equal((await app.inject({ method: 'PUT', url: '/v1/articles/new-one', headers: { ...write, 'if-match': '*' }, payload: { title: 'New', body: 'B.' } })).statusCode, 412, 'If-Match: * needs an existing article')
  const current = first.headers.etag as string
  t.equal((await app.inject({ method: 'PATCH', url, headers: { ...write, 'if-match': current }, payload: { byline: 'Desk B' } })).statusCode, 200)
  t.equal((await app.inject({ method: 'PATCH', url, headers: write, payload: { byline: 'Desk C' } })).statusCode, 200, 'no If-Match: unconditional')
})

t.test('status transitions and scheduling', async t => {
  const { app, write } = await setup(t)
  const patch = (slug: string, payload: object) => app.inject({ method: 'PATCH', url: `/v1/articles/${slug}`, headers: write, payload })
  const later = new Date(Date.now() + hour).toISOString()
  await app.inject({ method: 'POST', url: '/v1/articles', headers: write, payload: { slug: 'story', title: 'Story', body: 'B.' } })

  t.match((await patch('story', { status: 'scheduled' })).json(), { status: 400, errors: [{ pointer: '/publishedAt', message: /required/ }] })
  t.match((await patch('story', { status: 'scheduled', publishedAt: '2001-01-01T00:00:00Z' })).json(), { status: 400, errors: [{ pointer: '/publishedAt', message: /future/ }] })
  t.match((await patch('story', { status: 'published', publishedAt: later })).json(), { status: 400, errors: [{ pointer: '/publishedAt', message: /scheduled/ }] })
  t.match((await patch('story', { status: 'scheduled', publishedAt: later })).json(), { status: 'scheduled', publishedAt: later })
  t.equal((await app.inject({ url: '/v1/articles/story' })).statusCode, 404, 'not public before its time')

  const published = (await patch('story', { status: 'published', publishedAt: null })).json()
  t.equal(published.status, 'published')
  t.ok(Math.abs(Date.parse(published.publishedAt) - Date.now()) < 60_000, 'publishing without a time publishes now')
  t.equal((await app.inject({ url: '/v1/articles/story' })).statusCode, 200)

  t.match((await patch('story', { status: 'scheduled', publishedAt: later })).json(), { status: 400, errors: [{ pointer: '/status', message: /cannot go from published to scheduled/ }] })
  t.equal((await patch('story', { status: 'archived' })).json().status, 'archived')
  t.equal((await app.inject({ url: '/v1/articles/story' })).statusCode, 404)
  t.match((await patch('story', { status: 'scheduled', publishedAt: later })).json(), { status: 400, errors: [{ pointer: '/status' }] })
  t.equal((await patch('story', { status: 'draft' })).json().status, 'draft')
})

t.test('a scheduled article goes public when its time comes, with no job', async t => {
  const { app, write } = await setup(t)
  const soon = new Date(Date.now() + 1500).toISOString()
  t.equal((await app.inject({ method: 'PUT', url: '/v1/articles/soon', headers: write, payload: { title: 'Soon', body: 'B.', status: 'scheduled', publishedAt: soon } })).statusCode, 201)
  t.equal((await app.inject({ url: '/v1/articles/soon' })).statusCode, 404)
  await new Promise(resolve => setTimeout(resolve, 1600))
  t.equal((await app.inject({ url: '/v1/articles/soon' })).statusCode, 200)
})

t.test('drafts: 404 to the public, readable with a content:read token, never publicly cacheable', async t => {
  const { app, write, read } = await setup(t)
  await app.inject({ method: 'POST', url: '/v1/articles', headers: write, payload: { slug: 'secret', title: 'Secret', body: 'B.' } })
  const pub = await app.inject({ url: '/v1/articles/secret' })
  t.equal(pub.statusCode, 404)
  const moderator = { authorization: `Bearer ${(await app.tokens.create({ name: 'mod', scopes: ['comments:moderate'] })).token}` }
  t.equal((await app.inject({ url: '/v1/articles/secret', headers: moderator })).statusCode, 404, 'a token without content:read sees the public view')
  const res = await app.inject({ url: '/v1/articles/secret', headers: read })
  t.equal(res.statusCode, 200)
  t.equal(res.json().status, 'draft')
  t.equal(res.headers['cache-control'], 'private, no-store')
  t.match(res.headers.vary, /Authorization/)
  const open = await app.inject({ url: `/v1/articles/${summitSlug}` })
  t.match(open.headers['cache-control'], /^public/)
  t.match(open.headers.vary, /Authorization/)
  t.equal((await app.inject({ url: '/v1/articles/secret', headers: { authorization: 'Bearer nope' } })).statusCode, 401)
})

t.test('writing an article relinks its mentions', async t => {
  const { app, write } = await setup(t)
  const res = await app.inject({ method: 'PUT', url: '/v1/articles/putin-visits', headers: write, payload: { title: 'Putin visits Ankara', body: 'Vladimir Putin met Erdoğan in Turkey.', status: 'published' } })
  t.equal(res.statusCode, 201)
  const article = (await app.inject({ url: '/v1/articles/putin-visits?include=entities' })).json()
  t.same(article.entities.map((e: { slug: string }) => e.slug).sort(), ['recep-tayyip-erdogan', 'turkey', 'vladimir-putin'])
  await app.inject({ method: 'PATCH', url: '/v1/articles/putin-visits', headers: write, payload: { title: 'A visit', body: 'Vladimir Putin travelled.' } })
  const after = (await app.inject({ url: '/v1/articles/putin-visits?include=entities' })).json()
  t.same(after.entities.map((e: { slug: string }) => e.slug), ['vladimir-putin'])
})

t.test('two editors racing with the same If-Match: exactly one wins, the other gets 412', async t => {
  const { app, write } = await setup(t)
  const url = `/v1/articles/${summitSlug}`
  const etag = String((await app.inject({ url })).headers.etag)
  const results = await Promise.all(['Desk A', 'Desk B', 'Desk C'].map(byline =>
    app.inject({ method: 'PATCH', url, headers: { ...write, 'if-match': etag }, payload: { byline } })))
  t.same(results.map(r => r.statusCode).sort(), [200, 412, 412])
  const article = (await app.inject({ url })).json()
  t.equal(article.version, 2)
  t.equal(article.byline, results.find(r => r.statusCode === 200)!.json().byline, 'the winner\'s change is the one stored')
})
