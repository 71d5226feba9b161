import t from 'tap'
import { build, buildWatched } from '../../helper.js'

async function withAdmin (t: Parameters<typeof build>[0]) {
  const app = await build(t, { SEED_ON_START: 'never' })
  const admin = await app.tokens.create({ name: 'root', scopes: ['admin'] })
  return { app, auth: { authorization: `Bearer ${admin.token}` } }
}

t.test('an admin creates a token; the secret is shown once and only its hash is stored', async t => {
  const { app, auth } = await withAdmin(t)
  const res = await app.inject({ method: 'POST', url: '/v1/tokens', headers: auth, payload: { name: 'seeder', scopes: ['content:write'] } })
  t.equal(res.statusCode, 201)
  t.equal(res.headers['cache-control'], 'no-store')
  const created = res.json()
  t.match(created, { name: 'seeder', scopes: ['content:write'], status: 'active', expiresAt: null })
  t.match(created.token, /^dl_[A-Za-z0-9_-]{32}$/)
  t.equal(created.prefix, created.token.slice(0, 9))

  const row = await app.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } })
  t.not(row.hash, created.token)
  t.notMatch(JSON.stringify(row), created.token, 'the database does not hold the token')

  const list = await app.inject({ url: '/v1/tokens', headers: auth })
  t.equal(list.statusCode, 200)
  t.same(list.json().data.map((x: { name: string }) => x.name), ['seeder', 'root'])
  t.notMatch(list.body, /"token"|"hash"|dl_[A-Za-z0-9_-]{32}/, 'no secret in the list')

  const works = await app.inject({ url: `/v1/tokens/${created.id}`, headers: { authorization: `Bearer ${created.token}` } })
  t.equal(works.statusCode, 403, 'the new token authenticates (and lacks admin)')
})

t.test('a revoked token stops working at once; revoking again is harmless', async t => {
  const { app, auth } = await withAdmin(t)
  const other = await app.tokens.create({ name: 'other', scopes: ['admin'] })
  const bearer = { authorization: `Bearer ${other.token}` }
  t.equal((await app.inject({ url: '/v1/tokens', headers: bearer })).statusCode, 200)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/tokens/${other.id}`, headers: auth })).statusCode, 204)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/tokens/${other.id}`, headers: auth })).statusCode, 204)
  const res = await app.inject({ url: '/v1/tokens', headers: bearer })
  t.equal(res.statusCode, 401)
  t.match(res.headers['www-authenticate'], /error="invalid_token"/)
  t.match(res.json().detail, /revoked/)
  t.equal((await app.inject({ url: `/v1/tokens/${other.id}`, headers: auth })).json().status, 'revoked')
})

t.test('bad token requests are 4xx naming the problem', async t => {
  const { app, auth } = await withAdmin(t)
  const post = (payload: object) => app.inject({ method: 'POST', url: '/v1/tokens', headers: auth, payload })
  t.match((await post({ name: 'x', scopes: ['superuser'] })).json(), { status: 400, errors: [{ pointer: '/scopes/0' }] })
  t.match((await post({ name: 'x', scopes: [] })).json(), { status: 400, errors: [{ pointer: '/scopes' }] })
  t.match((await post({ name: 'x', scopes: ['admin'], hash: 'mine' })).json(), { status: 400, errors: [{ pointer: '/hash', message: 'is not a known property' }] })
  t.match((await post({ name: 'x', scopes: ['admin'], expiresAt: '2001-01-01T00:00:00Z' })).json(), { status: 400, errors: [{ pointer: '/expiresAt' }] })
  t.match((await post({ name: 'root', scopes: ['admin'] })).json(), { status: 409 })
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/tokens/00000000-0000-4000-8000-000000000000', headers: auth })).statusCode, 404)
})

t.test('tokens are refused in the query string', async t => {
  const { app } = await withAdmin(t)
  const token = (await app.tokens.create({ name: 'q', scopes: ['admin'] })).token
  const res = await app.inject({ url: `/v1/tokens?access_token=${token}` })
  t.equal(res.statusCode, 400)
  t.match(res.json().detail, /Authorization: Bearer/)
  t.notMatch(res.body, token)
})

t.test('a token in the query string never reaches a log line', async t => {
  const app = await buildWatched(t, { SEED_ON_START: 'never' })
  const token = (await app.tokens.create({ name: 'q', scopes: ['admin'] })).token
  for (const url of [`/v1/tokens?access_token=${token}`, `/v1/articles?apikey=${encodeURIComponent(token)}&limit=1`, `/v1/articles?q=${token}`]) {
    await app.inject({ url })
  }
  t.ok(app.watchedLines.some(line => line.includes('incoming request')), 'the access log was on')
  t.same(app.watchedLines.filter(line => line.includes(token) || line.includes(token.slice(3))), [])
})

t.test('every token route x every kind of caller answers the exact status', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  const make = async (name: string, scopes: Array<'content:read' | 'content:write' | 'comments:moderate' | 'admin'>) => (await app.tokens.create({ name, scopes })).token
  const admin = await make('admin', ['admin'])
  const callers: Record<string, Record<string, string>> = {
    none: {},
    malformed: { authorization: 'Basic dXNlcjpwYXNz' },
    unknown: { authorization: 'Bearer dl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    read: { authorization: `Bearer ${await make('read', ['content:read'])}` },
    write: { authorization: `Bearer ${await make('write', ['content:write'])}` },
    moderate: { authorization: `Bearer ${await make('moderate', ['comments:moderate'])}` },
    revoked: { authorization: `Bearer ${await make('revoked', ['admin'])}` },
    expired: { authorization: `Bearer ${await make('expired', ['admin'])}` },
    admin: { authorization: `Bearer ${admin}` }
  }
  await app.tokens.revoke('revoked')
  await app.prisma.apiToken.update({ where: { name: 'expired' }, data: { expiresAt: new Date(Date.now() - 1000) } })
  const target = (await app.tokens.create({ name: 'target', scopes: ['content:read'] })).id
  const routes = [
    { method: 'GET' as const, url: '/v1/tokens', ok: 200 },
    { method: 'GET' as const, url: `/v1/tokens/${target}`, ok: 200 },
    { method: 'POST' as const, url: '/v1/tokens', payload: { name: 'new', scopes: ['content:read'] }, ok: 201 },
    { method: 'DELETE' as const, url: `/v1/tokens/${target}`, ok: 204 }
  ]
  const expected: Record<string, number | 'ok'> = { none: 401, malformed: 401, unknown: 401, read: 403, write: 403, moderate: 403, revoked: 401, expired: 401, admin: 'ok' }
  for (const route of routes) {
    for (const [caller, headers] of Object.entries(callers)) {
      const res = await app.inject({ method: route.method, url: route.url, headers, payload: route.payload })
      const want = expected[caller] === 'ok' ? route.ok : expected[caller]
      t.equal(res.statusCode, want, `${route.method} ${route.url.replace(target, '{id}')} as ${caller}`)
      if (want === 401) t.match(res.headers['www-authenticate'], /^Bearer realm="dateline"/)
      if (want === 403) t.match(res.headers['www-authenticate'], /error="insufficient_scope", scope="admin"/)
    }
  }
})
