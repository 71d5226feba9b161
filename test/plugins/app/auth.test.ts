import t from 'tap'
import { build, summitSlug } from '../../helper.js'

t.test('an anonymous write is refused with 401 before its body is read', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  const tokens = await app.inject({ method: 'POST', url: '/v1/tokens', payload: {} })
  t.equal(tokens.statusCode, 401, 'no field list for an anonymous caller')
  t.match(tokens.headers['content-type'], /application\/problem\+json/)
  t.notOk(tokens.json().errors)
  // Not JSON at all: a 400 would mean the body was parsed before the token was checked.
  const garbage = await app.inject({ method: 'POST', url: '/v1/import', headers: { 'content-type': 'application/json' }, payload: '{"articles": [' })
  t.equal(garbage.statusCode, 401)
  const wrongScope = await app.tokens.create({ name: 'reader', scopes: ['content:read'] })
  const forbidden = await app.inject({ method: 'POST', url: '/v1/import', headers: { authorization: `Bearer ${wrongScope.token}`, 'content-type': 'application/json' }, payload: '{"articles": [' })
  t.equal(forbidden.statusCode, 403, 'a token without the scope is refused before parsing too')
})

t.test('each route has a body limit that fits it', async t => {
  const app = await build(t)
  const big = 'x'.repeat(100 * 1024)
  const comment = await app.inject({ method: 'POST', url: `/v1/articles/${summitSlug}/comments`, payload: { name: 'A', email: 'a@example.com', body: big } })
  t.equal(comment.statusCode, 413, 'a 100 KiB comment is refused unread')
  t.match(comment.headers['content-type'], /application\/problem\+json/)
  const like = await app.inject({ method: 'POST', url: `/v1/articles/${summitSlug}/likes`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ pad: 'x'.repeat(4096) }) })
  t.equal(like.statusCode, 413)
  const admin = await app.tokens.create({ name: 'root', scopes: ['admin', 'content:write'] })
  const auth = { authorization: `Bearer ${admin.token}` }
  const token = await app.inject({ method: 'POST', url: '/v1/tokens', headers: auth, payload: { name: big, scopes: ['admin'] } })
  t.equal(token.statusCode, 413)
  // The import route keeps its large limit: a 2 MiB bundle is read (and judged on content).
  const bundle = await app.inject({ method: 'POST', url: '/v1/import?dryRun=true', headers: auth, payload: { pad: 'x'.repeat(2 * 1024 * 1024) } })
  t.equal(bundle.statusCode, 400)
})

t.test('a malformed, unknown or revoked token is 401 on public routes too', async t => {
  const app = await build(t)
  const revoked = await app.tokens.create({ name: 'old', scopes: ['content:read'] })
  await app.tokens.revoke(revoked.id)
  const bad = ['Bearer dl_notarealtoken0000000000000000000000', 'Basic abc', `Bearer ${revoked.token}`]
  for (const authorization of bad) {
    for (const url of ['/v1/articles', '/v1/entities', `/v1/articles/${summitSlug}/comments`, `/v1/articles/${summitSlug}`]) {
      const res = await app.inject({ url, headers: { authorization } })
      t.equal(res.statusCode, 401, `${authorization.slice(0, 12)} on ${url}`)
      t.match(res.headers['www-authenticate'], /^Bearer realm="dateline"/)
    }
  }
  t.equal((await app.inject('/v1/articles')).statusCode, 200, 'no token at all is fine')
})
