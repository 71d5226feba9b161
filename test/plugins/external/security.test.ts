import t from 'tap'
import { build, summitSlug } from '../../helper.js'

t.test('browsers on other origins may read the API and see its headers', async t => {
  const app = await build(t)
  const res = await app.inject({ url: `/v1/articles/${summitSlug}`, headers: { origin: 'https://news.example' } })
  t.equal(res.headers['access-control-allow-origin'], '*')
  t.match(res.headers['access-control-expose-headers'], /ETag/)
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/v1/tokens',
    headers: { origin: 'https://news.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' }
  })
  t.equal(preflight.statusCode, 204)
  t.match(preflight.headers['access-control-allow-headers'], /Authorization/)
})

t.test('a frontend on another origin can like with its reader key and see its rate limit', async t => {
  const app = await build(t)
  const url = `/v1/articles/${summitSlug}/likes`
  const preflight = await app.inject({
    method: 'OPTIONS',
    url,
    headers: { origin: 'https://news.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-reader-key,idempotency-key' }
  })
  t.equal(preflight.statusCode, 204)
  const allowed = String(preflight.headers['access-control-allow-headers']).toLowerCase().split(/\s*,\s*/)
  for (const header of ['x-reader-key', 'idempotency-key', 'if-none-match', 'if-match', 'authorization']) {
    t.ok(allowed.includes(header), `the preflight allows ${header}`)
  }
  const like = await app.inject({ method: 'POST', url, headers: { origin: 'https://news.example', 'x-reader-key': 'browser-key-1' } })
  t.equal(like.statusCode, 201)
  t.ok(like.headers['x-ratelimit-remaining'], 'the like carries its rate-limit headers')
  const exposed = String(like.headers['access-control-expose-headers']).toLowerCase().split(/\s*,\s*/)
  for (const header of ['etag', 'link', 'location', 'retry-after', 'x-request-id', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) {
    t.ok(exposed.includes(header), `scripts in the browser may read ${header}`)
  }
})

t.test('CORS_ORIGINS limits which origins are allowed', async t => {
  const app = await build(t, { CORS_ORIGINS: 'https://news.example' })
  const allowed = await app.inject({ url: '/health', headers: { origin: 'https://news.example' } })
  t.equal(allowed.headers['access-control-allow-origin'], 'https://news.example')
  const other = await app.inject({ url: '/health', headers: { origin: 'https://evil.example' } })
  t.notOk(other.headers['access-control-allow-origin'])
})

t.test('answers carry security headers', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  const res = await app.inject({ url: '/health' })
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  t.match(res.headers['strict-transport-security'], /max-age=/)
  t.equal(res.headers['cross-origin-resource-policy'], 'cross-origin')
})
