import t from 'tap'
import { build, summitSlug } from '../../../helper.js'

async function setup (t: Parameters<typeof build>[0]) {
  const app = await build(t)
  const write = { authorization: `Bearer ${(await app.tokens.create({ name: 'desk', scopes: ['content:write'] })).token}` }
  return { app, write }
}

t.test('entities: create with a folded slug, 409 on a duplicate, idempotent PUT, PATCH, DELETE', async t => {
  const { app, write } = await setup(t)
  const created = await app.inject({ method: 'POST', url: '/v1/entities', headers: write, payload: { kind: 'leader', name: 'Hulusi Akar', office: 'Minister of National Defence', country: 'turkey', aliases: ['Akar'] } })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { slug: 'hulusi-akar', country: { slug: 'turkey' }, aliases: [{ name: 'Akar', kind: 'alias' }] })
  t.match(created.headers.etag, /^"u[0-9a-z]+-/)

  const folded = await app.inject({ method: 'POST', url: '/v1/entities', headers: write, payload: { kind: 'place', name: 'Şanlıurfa' } })
  t.equal(folded.json().slug, 'sanliurfa')

  const dup = await app.inject({ method: 'POST', url: '/v1/entities', headers: write, payload: { kind: 'leader', name: 'Hulusi Akar' } })
  t.equal(dup.statusCode, 409)
  t.match(dup.json().detail, /"hulusi-akar"/)

  const bad = await app.inject({ method: 'POST', url: '/v1/entities', headers: write, payload: { kind: 'planet', name: '', isoCode: 'tr', secret: 1 } })
  t.equal(bad.statusCode, 400)
  t.same(bad.json().errors.map((e: { pointer: string }) => e.pointer).sort(), ['/isoCode', '/kind', '/name', '/secret'])
  t.match((await app.inject({ method: 'POST', url: '/v1/entities', headers: write, payload: { kind: 'leader', name: 'X Y', country: 'atlantis' } })).json(), { status: 400, errors: [{ pointer: '/country' }] })

  const body = { kind: 'organization', name: 'Astana Group', aliases: ['Astana format'] }
  const put1 = await app.inject({ method: 'PUT', url: '/v1/entities/astana-group', headers: write, payload: body })
  t.equal(put1.statusCode, 201)
  t.equal(put1.headers['x-outcome'], 'created')
  const put2 = await app.inject({ method: 'PUT', url: '/v1/entities/astana-group', headers: write, payload: body })
  t.equal(put2.statusCode, 200)
  t.equal(put2.headers['x-outcome'], 'unchanged')
  t.equal(put2.json().updatedAt, put1.json().updatedAt, 'the same state writes nothing')

  const stale = put1.headers.etag as string
  const patched = await app.inject({ method: 'PATCH', url: '/v1/entities/astana-group', headers: { ...write, 'if-match': stale }, payload: { summary: 'Talks format on Syria.' } })
  t.equal(patched.statusCode, 200)
  t.match(patched.json(), { summary: 'Talks format on Syria.', aliases: [{ name: 'Astana format' }] })
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/entities/astana-group', headers: { ...write, 'if-match': stale }, payload: { summary: 'Lost.' } })).statusCode, 412)
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/entities/astana-group', headers: { ...write, 'if-match': stale } })).statusCode, 412)
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/entities/astana-group', headers: { ...write, 'if-match': String(patched.headers.etag) } })).statusCode, 204)
  t.equal((await app.inject({ url: '/v1/entities/astana-group' })).statusCode, 404)
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/entities/astana-group', headers: write, payload: { summary: 'x' } })).statusCode, 404)
})

t.test('relations: declared once, idempotent, removable, bad references named', async t => {
  const { app, write } = await setup(t)
  const payload = { subject: 'vladimir-putin', predicate: 'supports', object: 'bashar-al-assad', article: summitSlug }
  const first = await app.inject({ method: 'POST', url: '/v1/relations', headers: write, payload })
  t.ok([200, 201].includes(first.statusCode))
  const again = await app.inject({ method: 'POST', url: '/v1/relations', headers: write, payload })
  t.equal(again.statusCode, 200)
  t.equal(again.json().id, first.json().id)
  const fresh = await app.inject({ method: 'POST', url: '/v1/relations', headers: write, payload: { subject: 'iran', predicate: 'opposes', objectName: 'Western sanctions' } })
  t.equal(fresh.statusCode, 201)
  t.match(fresh.json(), { subject: { slug: 'iran' }, predicate: 'opposes', object: { slug: null, name: 'Western sanctions' }, article: null })
  const bad = await app.inject({ method: 'POST', url: '/v1/relations', headers: write, payload: { subject: 'nobody', predicate: 'leads', article: 'no-article' } })
  t.same(bad.json().errors.map((e: { pointer: string }) => e.pointer).sort(), ['/article', '/object', '/subject'])
  t.equal((await app.inject({ method: 'POST', url: '/v1/relations', headers: write, payload: { subject: 'iran', predicate: 'likes', object: 'russia' } })).statusCode, 400)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/relations/${fresh.json().id}`, headers: write })).statusCode, 204)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/relations/${fresh.json().id}`, headers: write })).statusCode, 404)
  const iran = (await app.inject({ url: '/v1/entities/iran' })).json()
  t.notOk(iran.relations.some((r: { object: { name: string } }) => r.object.name === 'Western sanctions'))
})
