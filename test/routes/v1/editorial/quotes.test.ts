import t from 'tap'
import { build, summitSlug } from '../../../helper.js'

async function setup (t: Parameters<typeof build>[0]) {
  const app = await build(t)
  const write = { authorization: `Bearer ${(await app.tokens.create({ name: 'desk', scopes: ['content:write'] })).token}` }
  return { app, write }
}

t.test('quotes: add (placed in the body), 409 on a duplicate, change, delete', async t => {
  const { app, write } = await setup(t)
  const text = 'we are in favour of a ceasefire'
  const res = await app.inject({ method: 'POST', url: '/v1/quotes', headers: write, payload: { article: summitSlug, text: 'Stop the war now', speaker: 'hassan-rouhani' } })
  t.equal(res.statusCode, 400, 'an unknown speaker is named')
  t.match(res.json(), { errors: [{ pointer: '/speaker' }] })
  const body = (await app.prisma.article.findUniqueOrThrow({ where: { slug: summitSlug } })).body
  const words = body.split('\n\n')[0].split(' ').slice(0, 6).join(' ')
  const created = await app.inject({ method: 'POST', url: '/v1/quotes', headers: write, payload: { article: summitSlug, text: words, speaker: 'iran' } })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { text: words, speaker: { slug: 'iran' }, position: 0, verified: false, article: { slug: summitSlug } })
  t.equal((await app.inject({ method: 'POST', url: '/v1/quotes', headers: write, payload: { article: summitSlug, text: words } })).statusCode, 409)
  t.match((await app.inject({ method: 'POST', url: '/v1/quotes', headers: write, payload: { article: 'nope', text } })).json(), { status: 400, errors: [{ pointer: '/article' }] })

  const id = created.json().id
  const etag = (await app.inject({ url: `/v1/quotes/${id}` })).headers.etag as string
  t.match(etag, /^"u[0-9a-z]+-/)
  t.equal(etag.split('-')[0], String(created.headers.etag).split('-')[0], 'the read and the write name the same version')
  const patched = await app.inject({ method: 'PATCH', url: `/v1/quotes/${id}`, headers: { ...write, 'if-match': etag }, payload: { verified: true, speaker: null } })
  t.match(patched.json(), { verified: true, speaker: null, text: words })
  await new Promise(resolve => setTimeout(resolve, 5))
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/quotes/${id}`, headers: { ...write, 'if-match': etag }, payload: { verified: false } })).statusCode, 412, 'a stale version')
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/quotes/${id}`, headers: { ...write, 'if-match': etag } })).statusCode, 412)
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/quotes/${id}`, headers: write, payload: { mood: 'calm' } })).statusCode, 400)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/quotes/${id}`, headers: write })).statusCode, 204)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/quotes/${id}`, headers: write })).statusCode, 404)
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/quotes/${id}`, headers: write, payload: { verified: false } })).statusCode, 404)
})

t.test('manual mentions are stored as editorial and survive relinking', async t => {
  const { app, write } = await setup(t)
  await app.inject({ method: 'POST', url: '/v1/entities', headers: write, payload: { kind: 'place', name: 'Sochi' } })
  const url = `/v1/articles/${summitSlug}/mentions/sochi`
  const set = await app.inject({ method: 'PUT', url, headers: write })
  t.equal(set.statusCode, 201)
  t.match(set.json(), { article: summitSlug, entity: { slug: 'sochi' }, count: 0, offsets: [], source: 'editorial' })
  t.equal((await app.inject({ method: 'PUT', url, headers: write })).statusCode, 200, 'idempotent')

  await app.inject({ method: 'PATCH', url: `/v1/articles/${summitSlug}`, headers: write, payload: { byline: 'Desk' } })
  const entities = (await app.inject({ url: `/v1/articles/${summitSlug}?include=entities` })).json().entities
  t.match(entities.find((e: { slug: string }) => e.slug === 'sochi'), { source: 'editorial' }, 'an article write keeps it')

  const named = await app.inject({ method: 'PUT', url: `/v1/articles/${summitSlug}/mentions/turkey`, headers: write })
  t.equal(named.statusCode, 200, 'an automatic mention becomes editorial')
  t.match(named.json(), { source: 'editorial' })
  t.ok(named.json().count > 0)

  t.equal((await app.inject({ method: 'DELETE', url, headers: write })).statusCode, 204)
  t.equal((await app.inject({ method: 'DELETE', url, headers: write })).statusCode, 404)
  t.equal((await app.inject({ method: 'PUT', url: `/v1/articles/${summitSlug}/mentions/atlantis`, headers: write })).statusCode, 404)
  const row = await app.prisma.mention.findFirst({ where: { entity: { slug: 'turkey' } } })
  t.equal(row?.source, 'editorial')

  const idlib = `/v1/articles/${summitSlug}/mentions/idlib`
  t.equal((await app.inject({ method: 'DELETE', url: idlib, headers: write })).statusCode, 204, 'an automatic mention removed by an editor')
  await app.inject({ method: 'PATCH', url: `/v1/articles/${summitSlug}`, headers: write, payload: { byline: 'Another desk' } })
  const after = (await app.inject({ url: `/v1/articles/${summitSlug}?include=entities` })).json().entities.map((e: { slug: string }) => e.slug)
  t.notOk(after.includes('idlib'), 'stays removed after the article is analysed again')
  t.equal((await app.inject({ method: 'PUT', url: idlib, headers: write })).statusCode, 200, 'PUT brings it back, as editorial')
})

t.test('editors win for quotes: a corrected speaker sticks, a deleted automatic quote is not found again', async t => {
  const { app, write } = await setup(t)
  const body = '“We will not accept any foreign troops in the region,” Putin said in Moscow.\n\n“Talks must start without conditions at all,” Erdoğan said.'
  t.equal((await app.inject({ method: 'POST', url: '/v1/articles', headers: write, payload: { title: 'Putin and Erdoğan', slug: 'putin-and-erdogan', body, status: 'published' } })).statusCode, 201)
  const list = async () => (await app.inject({ url: '/v1/quotes?filter[article]=putin-and-erdogan' })).json().data
    .map((q: { text: string, speaker: { slug: string } | null }) => [q.text, q.speaker?.slug ?? null])
  t.same((await list()).sort(), [
    ['Talks must start without conditions at all', 'recep-tayyip-erdogan'],
    ['We will not accept any foreign troops in the region', 'vladimir-putin']
  ], 'both found by the analysis')
  const quotes = (await app.inject({ url: '/v1/quotes?filter[article]=putin-and-erdogan' })).json().data as Array<{ id: string, text: string }>
  const putins = quotes.find(q => q.text.startsWith('We will'))!
  const erdogans = quotes.find(q => q.text.startsWith('Talks'))!

  t.equal((await app.inject({ method: 'PATCH', url: `/v1/quotes/${putins.id}`, headers: write, payload: { speaker: 'hassan-rouhani' } })).statusCode, 400, 'not in the seed registry')
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/quotes/${putins.id}`, headers: write, payload: { speaker: 'recep-tayyip-erdogan' } })).statusCode, 200)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/quotes/${erdogans.id}`, headers: write })).statusCode, 204)
  t.equal((await app.inject({ url: `/v1/quotes/${erdogans.id}` })).statusCode, 404, 'a deleted quote is gone for readers')

  // The next save of the article analyses it again.
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/articles/putin-and-erdogan', headers: write, payload: { title: 'Putin and Erdoğan talk' } })).statusCode, 200)
  t.same(await list(), [['We will not accept any foreign troops in the region', 'recep-tayyip-erdogan']], 'the correction stays and the deleted quote stays deleted')
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/quotes/${erdogans.id}`, headers: write })).statusCode, 404)

  const back = await app.inject({ method: 'POST', url: '/v1/quotes', headers: write, payload: { article: 'putin-and-erdogan', text: 'Talks must start without conditions at all', speaker: 'recep-tayyip-erdogan' } })
  t.equal(back.statusCode, 201, 'an editor can add a deleted quote back')
  t.equal((await list()).length, 2)
})
