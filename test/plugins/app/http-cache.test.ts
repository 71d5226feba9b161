import t from 'tap'
import { matchesAny, surrogateKeys } from '../../../src/plugins/app/http-cache.js'
import { build, summitSlug } from '../../helper.js'

t.test('reads carry a strong ETag and public Cache-Control; If-None-Match gives 304', async t => {
  const app = await build(t, { PUBLIC_CACHE_MAX_AGE: '30' })
  const url = `/v1/articles/${summitSlug}`
  const first = await app.inject({ url })
  const etag = first.headers.etag as string
  t.match(etag, /^"[A-Za-z0-9_-]+"$/, 'a strong validator')
  t.equal(first.headers['cache-control'], 'public, max-age=30, stale-while-revalidate=30')

  const again = await app.inject({ url, headers: { 'if-none-match': `"other", ${etag}` } })
  t.equal(again.statusCode, 304)
  t.equal(again.body, '')
  t.equal(again.headers['content-type'], undefined, 'a 304 has no body, so no content type')
  t.equal(again.headers.etag, etag)

  t.equal((await app.inject({ url, headers: { 'if-none-match': '"stale"' } })).statusCode, 200)
  t.equal((await app.inject({ url: `${url}?include=quotes` })).headers.etag === etag, false, 'another representation, another tag')
})

t.test('the ETag changes when the content does', async t => {
  const app = await build(t)
  const url = `/v1/articles/${summitSlug}`
  const before = (await app.inject({ url })).headers.etag
  await app.articles.upsert({ slug: summitSlug, title: 'Corrected title', body: 'Text.', status: 'published', publishedAt: '2018-09-07T18:00:00.000Z' }, 'test')
  const after = await app.inject({ url, headers: { 'if-none-match': String(before) } })
  t.equal(after.statusCode, 200)
  t.not(after.headers.etag, before)
})

t.test('errors are not cacheable and carry no ETag', async t => {
  const app = await build(t)
  const res = await app.inject({ url: '/v1/articles/missing' })
  t.equal(res.headers['cache-control'], 'no-store')
  t.notOk(res.headers.etag)
})

t.test('If-None-Match matching follows RFC 9110', async t => {
  t.ok(matchesAny('*', '"a"'))
  t.ok(matchesAny('W/"a"', '"a"'), 'weak comparison')
  t.ok(matchesAny('"b" , "a"', '"a"'), 'lists')
  t.notOk(matchesAny('"b"', '"a"'))
  t.notOk(matchesAny(undefined, '"a"'))
})

t.test('public answers carry purge keys for a CDN; answers to a token and errors do not', async t => {
  const app = await build(t)
  const res = await app.inject({ url: `/v1/articles/${summitSlug}/comments` })
  t.equal(res.headers['surrogate-key'], `dateline articles articles/${summitSlug}`)
  t.equal(res.headers['cache-tag'], `dateline,articles,articles/${summitSlug}`)
  t.equal((await app.inject({ url: '/v1/feeds/rss' })).headers['surrogate-key'], 'dateline feeds')
  t.notOk((await app.inject({ url: '/v1/articles/missing' })).headers['surrogate-key'])
  const token = (await app.tokens.create({ name: 'reader', scopes: ['content:read'] })).token
  t.notOk((await app.inject({ url: `/v1/articles/${summitSlug}`, headers: { authorization: `Bearer ${token}` } })).headers['surrogate-key'])
  t.same(surrogateKeys('/v1/feeds/:scope/:slug/:format', { scope: 'tags', slug: 'syria' }), ['dateline', 'feeds'])
})
