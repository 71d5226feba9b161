import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { cacheKey } from '../../../src/services/response-cache.js'
import { build, summitSlug } from '../../helper.js'

type App = Awaited<ReturnType<typeof build>>
const article = `/v1/articles/${summitSlug}`

/** Counts the calls to a service method, still running it. */
function spy<T extends object> (service: T, method: keyof T & string): { calls: number } {
  const counter = { calls: 0 }
  const original = (service[method] as (...args: unknown[]) => unknown).bind(service)
  Object.assign(service, { [method]: (...args: unknown[]) => { counter.calls++; return original(...args) } })
  return counter
}

/**
 * Reads until the answer comes from the cache. Right after a clear, the cache first
 * learns when the next scheduled article goes public and stores nothing until then.
 */
async function cached (app: FastifyInstance, url: string, headers: Record<string, string> = {}) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const res = await app.inject({ url, headers })
    if (res.headers['x-cache'] === 'hit') return res
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  throw new Error(`${url} never came from the cache`)
}

async function withTokens (t: Parameters<typeof build>[0], env: Record<string, string> = {}) {
  const app = await build(t, { RESPONSE_CACHE: 'on', COMMENT_FLOOD_SECONDS: '0', ...env })
  const token = async (scope: 'content:write' | 'content:read' | 'comments:moderate') =>
    ({ authorization: `Bearer ${(await app.tokens.create({ name: scope, scopes: [scope] })).token}` })
  return { app, write: await token('content:write'), read: await token('content:read'), moderate: await token('comments:moderate') }
}

t.test('a repeated public read is answered from memory with the same bytes, without running the route', async t => {
  const { app } = await withTokens(t)
  const first = await app.inject({ url: article, headers: { 'x-reader-key': 'reader-one-key-1234' } })
  t.equal(first.headers['x-cache'], 'miss')
  const getPublic = spy(app.articles, 'getPublic')
  const hit = await cached(app, article)
  t.equal(getPublic.calls, 0, 'the route did not run')
  t.equal(hit.body, first.body)
  t.equal(hit.headers.etag, first.headers.etag)
  t.equal(hit.headers['content-type'], first.headers['content-type'])
  t.equal(hit.headers['cache-control'], first.headers['cache-control'])
  t.not(hit.headers['x-request-id'], first.headers['x-request-id'], 'each answer carries its own request id')
  t.notMatch(JSON.stringify(hit.headers), /reader-one-key/, 'nothing from one reader reaches another')

  const revalidated = await app.inject({ url: article, headers: { 'if-none-match': String(first.headers.etag) } })
  t.equal(revalidated.statusCode, 304, '304 from memory')
  t.equal(revalidated.body, '')
  t.equal(revalidated.headers['content-type'], undefined, 'a 304 from memory names no content type either')
  t.equal(revalidated.headers.etag, first.headers.etag)
  t.equal(revalidated.headers['x-cache'], 'hit')
  t.equal((await app.inject({ url: article, headers: { 'if-none-match': '"stale"' } })).statusCode, 200)

  const head = await app.inject({ method: 'HEAD', url: article })
  t.equal(head.statusCode, 200)
  t.equal(head.body, '')
  t.equal(head.headers['x-cache'], 'hit')
  t.equal(getPublic.calls, 0, 'nor for the 304 and HEAD')
})

t.test('lists keep their Link header; a URL with its parameters in another order is the same entry', async t => {
  const { app } = await withTokens(t)
  await app.articles.upsert({ slug: 'second', title: 'Second', body: 'Text.', status: 'published', publishedAt: '2020-01-01T00:00:00.000Z' }, 'test')
  const first = await app.inject({ url: '/v1/articles?limit=1&sort=-publishedAt' })
  t.match(first.headers.link, /rel="next"/)
  const hit = await cached(app, '/v1/articles?sort=-publishedAt&limit=1')
  t.equal(hit.headers.link, first.headers.link)
  t.equal(hit.body, first.body)
  t.equal(cacheKey('/v1/articles/?b=2&a=1&a=0'), '/v1/articles?a=1&a=0&b=2')
})

t.test('a write through a route clears the cache: article PUT, comment approval, entity change', async t => {
  const { app, write, moderate } = await withTokens(t)
  const withEntities = `${article}?include=entities`
  const before = (await cached(app, withEntities)).json().entities as Array<{ slug: string, name: string }>
  t.ok(before.some(e => e.slug === 'turkey'), 'the article embeds the entity')
  const patched = await app.inject({ method: 'PATCH', url: '/v1/entities/turkey', headers: write, payload: { name: 'Türkiye' } })
  t.equal(patched.statusCode, 200)
  const after = (await app.inject({ url: withEntities })).json().entities as Array<{ slug: string, name: string }>
  t.equal(after.find(e => e.slug === 'turkey')?.name, 'Türkiye', 'the embedded entity is the new one')

  await cached(app, article)
  const put = await app.inject({ method: 'PUT', url: article, headers: write, payload: { title: 'Talks collapse', body: 'Text.', status: 'published', publishedAt: '2018-09-07T18:00:00.000Z' } })
  t.equal(put.statusCode, 200)
  t.equal((await app.inject({ url: article })).json().title, 'Talks collapse', 'the next read shows the new title')
  t.equal((await cached(app, article)).json().title, 'Talks collapse')

  const comments = `${article}/comments`
  const posted = await app.inject({ method: 'POST', url: comments, payload: { name: 'Ada', email: 'ada@example.org', body: 'First comment here.' } })
  t.equal(posted.json().moderation, 'held')
  t.same((await cached(app, comments)).json().data, [], 'held: not shown')
  const approved = await app.inject({ method: 'PATCH', url: `/v1/comments/${posted.json().id as string}`, headers: moderate, payload: { status: 'approved' } })
  t.equal(approved.statusCode, 200)
  t.same((await app.inject({ url: comments })).json().data.map((c: { body: string }) => c.body), ['First comment here.'])
})

t.test('an answer to a token is never stored nor served from the cache', async t => {
  const { app, write, read } = await withTokens(t)
  await app.inject({ method: 'PUT', url: '/v1/articles/draft', headers: write, payload: { title: 'A draft', body: 'Text.', status: 'draft' } })
  await cached(app, article)
  const getPublic = spy(app.articles, 'getPublic')
  const withToken = await app.inject({ url: article, headers: read })
  t.equal(withToken.statusCode, 200)
  t.notOk(withToken.headers['x-cache'])
  t.equal(getPublic.calls, 1, 'the route ran for the token')
  t.equal((await app.inject({ url: '/v1/articles/draft', headers: read })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/articles/draft', headers: read })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/articles/draft' })).statusCode, 404, 'the draft read with a token is not shown to anyone else')
})

t.test('a scheduled article shows up in lists when its time comes, with no write', async t => {
  const { app, write } = await withTokens(t)
  const at = new Date(Date.now() + 1500).toISOString()
  const put = await app.inject({ method: 'PUT', url: '/v1/articles/embargoed', headers: write, payload: { title: 'Embargoed', body: 'Text.', status: 'scheduled', publishedAt: at } })
  t.equal(put.statusCode, 201)
  const slugs = (res: { json: () => { data: Array<{ slug: string }> } }) => res.json().data.map(a => a.slug)
  t.notOk(slugs(await cached(app, '/v1/articles')).includes('embargoed'), 'not before its time')
  await new Promise(resolve => setTimeout(resolve, Date.parse(at) - Date.now() + 50))
  t.ok(slugs(await app.inject({ url: '/v1/articles' })).includes('embargoed'), 'listed once its time has come')
})

t.test('RESPONSE_CACHE=off runs the route every time', async t => {
  const { app } = await withTokens(t, { RESPONSE_CACHE: 'off' })
  const getPublic = spy(app.articles, 'getPublic')
  for (let i = 0; i < 3; i++) t.notOk((await app.inject({ url: article })).headers['x-cache'])
  t.equal(getPublic.calls, 3)
  t.equal(app.responseCache, null)
})

t.test('CORS headers belong to the request: a hit answers each origin with its own', async t => {
  const { app } = await withTokens(t, { CORS_ORIGINS: 'https://a.example,https://b.example' })
  const first = await app.inject({ url: article, headers: { origin: 'https://a.example' } })
  t.equal(first.headers['access-control-allow-origin'], 'https://a.example')
  t.equal(first.headers.vary, 'Origin, Authorization')
  const hit = await cached(app, article, { origin: 'https://b.example' })
  t.equal(hit.headers['access-control-allow-origin'], 'https://b.example')
  t.equal(hit.headers.vary, 'Origin, Authorization')
  t.equal(hit.body, first.body)
})

t.test('a hit is written before the other hooks run, with every header the full path sends', async t => {
  const { app } = await withTokens(t)
  const first = await app.inject({ url: article })
  const hit = await cached(app, article)
  // Helmet, the HTTP cache's purge keys and the content headers were stored with the answer.
  for (const name of ['content-security-policy', 'x-content-type-options', 'strict-transport-security', 'cache-control', 'vary', 'surrogate-key', 'content-type', 'etag']) {
    t.equal(hit.headers[name], first.headers[name], name)
  }
  t.equal(Number(hit.headers['content-length']), Buffer.byteLength(first.body))
  t.match(hit.headers['x-request-id'], /\S{8,}/)
  t.equal((await app.inject({ url: article, headers: { 'x-request-id': 'caller-given-id-1' } })).headers['x-request-id'], 'caller-given-id-1')

  // A 304 has no body, so it says nothing of one.
  const revalidated = await app.inject({ url: article, headers: { 'if-none-match': String(first.headers.etag) } })
  t.equal(revalidated.statusCode, 304)
  t.equal(revalidated.headers['content-type'], undefined)
  t.equal(revalidated.headers['content-length'], undefined)
  t.equal(revalidated.headers.etag, first.headers.etag)

  // A cross-origin read still gets CORS headers made for its Origin.
  const origin = 'http://localhost:5173'
  const cors = await app.inject({ url: article, headers: { origin } })
  t.equal(cors.statusCode, 200)
  t.equal(cors.body, first.body)
  t.ok(cors.headers['access-control-allow-origin'] === origin || cors.headers['access-control-allow-origin'] === '*', 'CORS answered for the origin')
})
