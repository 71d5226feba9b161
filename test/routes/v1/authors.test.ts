import t, { type Test } from 'tap'
import { build, summitSlug } from '../../helper.js'

async function setup (t: Test) {
  const app = await build(t, { SITE_URL: 'https://news.example' })
  // The seed's import recorded its own events; these tests look at what they change.
  await app.prisma.outboxEvent.deleteMany()
  const token = (await app.tokens.create({ name: 'editor', scopes: ['content:write'] })).token
  return { app, auth: { authorization: `Bearer ${token}` } }
}

t.test('authors: created with content:write, read publicly, listed by name', async t => {
  const { app, auth } = await setup(t)
  t.equal((await app.inject({ method: 'POST', url: '/v1/authors', payload: { name: 'Maria Haddad' } })).statusCode, 401)
  const created = await app.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { name: 'Maria Haddad', role: 'Middle East correspondent', bio: 'Covers Syria from Beirut.', avatar: 'https://cdn.news.example/maria.jpg', links: ['https://x.com/mariahaddad'] } })
  t.equal(created.statusCode, 201)
  t.equal(created.headers.location, '/v1/authors/maria-haddad')
  t.match(created.json(), { slug: 'maria-haddad', name: 'Maria Haddad', role: 'Middle East correspondent', avatar: 'https://cdn.news.example/maria.jpg', links: ['https://x.com/mariahaddad'], url: 'https://news.example/authors/maria-haddad' })
  await app.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { slug: 'ali-demir', name: 'Ali Demir' } })
  t.equal((await app.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { name: 'Maria Haddad' } })).statusCode, 409)
  const list = (await app.inject('/v1/authors?count=true')).json()
  t.same(list.data.map((a: { slug: string }) => a.slug), ['ali-demir', 'dateline-staff', 'maria-haddad'], 'by name, the seed\'s author too')
  t.equal(list.meta.total, 3)
  t.same((await app.inject('/v1/authors?fields=name&filter[name][prefix]=Mar')).json().data, [{ name: 'Maria Haddad' }])
  const patched = await app.inject({ method: 'PATCH', url: '/v1/authors/maria-haddad', headers: auth, payload: { role: null, links: [] } })
  t.match(patched.json(), { role: null, links: [] })
  t.equal((await app.inject('/v1/authors/nobody')).statusCode, 404)
  const events = await app.prisma.outboxEvent.findMany({ where: { resource: 'author' }, orderBy: { id: 'asc' } })
  t.same(events.map(e => `${e.resourceId} ${e.event}`), ['maria-haddad created', 'ali-demir created', 'maria-haddad updated'])
})

t.test('bad author input is a 400 naming the field', async t => {
  const { app, auth } = await setup(t)
  const res = await app.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { name: 'X', avatar: 'javascript:alert(1)', links: ['not a url'] } })
  t.equal(res.statusCode, 400)
  t.match(res.headers['content-type'], /application\/problem\+json/)
  const pointers = res.json().errors.map((e: { pointer: string }) => e.pointer)
  t.ok(pointers.includes('/avatar'))
  t.ok(pointers.some((p: string) => p.startsWith('/links')))
  t.equal((await app.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { name: 'X', email: 'x@example.com' } })).statusCode, 400, 'unknown property')
})

t.test('articles have ordered authors; the byline is made from them when none is written; filter[author]', async t => {
  const { app, auth } = await setup(t)
  for (const name of ['Maria Haddad', 'Ali Demir']) await app.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { name } })
  const patched = await app.inject({ method: 'PATCH', url: `/v1/articles/${summitSlug}`, headers: auth, payload: { authors: ['ali-demir', 'maria-haddad'] } })
  t.equal(patched.statusCode, 200)
  t.same(patched.json().authors.map((a: { slug: string }) => a.slug), ['ali-demir', 'maria-haddad'])
  t.equal(patched.json().byline, 'Ali Demir and Maria Haddad')
  const read = (await app.inject(`/v1/articles/${summitSlug}`)).json()
  t.same(read.authors[0], { slug: 'ali-demir', name: 'Ali Demir', role: null, avatar: null })
  await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { title: 'Other story', body: 'Text.', status: 'published', byline: 'Staff', authors: ['maria-haddad'] } })
  const byMaria = (await app.inject('/v1/articles?filter[author]=maria-haddad')).json()
  t.same(byMaria.data.map((a: { slug: string }) => a.slug), ['other-story', summitSlug])
  t.equal(byMaria.data[0].byline, 'Staff', 'a written byline stays')
  t.same((await app.inject('/v1/articles?filter[author]=ali-demir&filter[author]=maria-haddad')).json().data.map((a: { slug: string }) => a.slug), [summitSlug])
  t.same((await app.inject('/v1/articles?filter[author]=nobody')).json().data, [])
  const unknown = await app.inject({ method: 'PATCH', url: `/v1/articles/${summitSlug}`, headers: auth, payload: { authors: ['maria-haddad', 'nobody'] } })
  t.equal(unknown.statusCode, 400)
  t.same(unknown.json().errors.map((e: { pointer: string }) => e.pointer), ['/authors/1'])
  const inUse = await app.inject({ method: 'DELETE', url: '/v1/authors/maria-haddad', headers: auth })
  t.equal(inUse.statusCode, 409)
  t.match(inUse.json().detail, /other-story/)
  t.match(inUse.json().detail, new RegExp(summitSlug))
  await app.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { name: 'Unused' } })
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/authors/unused', headers: auth })).statusCode, 204)
  t.equal((await app.inject('/v1/authors/unused')).statusCode, 404)
})
