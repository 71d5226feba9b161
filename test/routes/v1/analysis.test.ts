import t from 'tap'
import { build, summitSlug } from '../../helper.js'

async function reader (app: Awaited<ReturnType<typeof build>>) {
  return { authorization: `Bearer ${(await app.tokens.create({ name: 'reader', scopes: ['content:read'] })).token}` }
}

t.test('POST /v1/articles/{slug}/analyze answers the seed\'s entities, quotes and candidates, saving nothing', async t => {
  const app = await build(t)
  const counts = async () => [await app.prisma.mention.count(), await app.prisma.quote.count(), await app.prisma.entity.count()]
  const headers = await reader(app)
  const before = await counts()
  const res = await app.inject({ method: 'POST', url: `/v1/articles/${summitSlug}/analyze`, headers })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['cache-control'], 'no-store')
  const analysis = res.json()
  t.same(analysis.article, { slug: summitSlug, version: 1 })
  t.same(analysis.mentions.map((m: { entity: { slug: string } }) => m.entity.slug).sort(), [
    'bashar-al-assad', 'hayet-tahrir-al-sham', 'idlib', 'iran', 'recep-tayyip-erdogan', 'russia',
    'syria', 'syrian-government-forces', 'syrian-rebels', 'turkey', 'united-nations', 'vladimir-putin'
  ], 'every seeded entity, nothing else')
  t.match(analysis.mentions[0], { entity: { slug: 'syria' }, count: 9 })
  t.same(analysis.quotes.map((q: { text: string, speaker: { slug: string }, attribution: string }) => [q.text, q.speaker.slug, q.attribution]), [
    ['An attack on Idlib will result in disaster, massacre and a very big humanitarian tragedy', 'recep-tayyip-erdogan', 'said-before'],
    ['We consider it unacceptable when, under the pretext of protecting the civilian population, they want to withdraw terrorists from being under attack, as well as inflict damage on Syrian government troops', 'vladimir-putin', 'said-before']
  ])
  const body = (await app.prisma.article.findUniqueOrThrow({ where: { slug: summitSlug } })).body
  for (const q of analysis.quotes) t.equal(body.slice(q.position, q.position + q.text.length), q.text, 'position points at the words')
  t.same(analysis.candidates, [{ name: 'Astana process', count: 1, offsets: [{ field: 'body', start: body.indexOf('Astana process'), end: body.indexOf('Astana process') + 14 }] }])
  t.same(await counts(), before, 'nothing written, no entity created')
})

t.test('analysis needs a content:read token, covers drafts, and names bad input', async t => {
  const app = await build(t)
  const headers = await reader(app)
  await app.articles.upsert({ slug: 'a-draft', title: 'Draft', body: 'Putin said, “This is a draft for now.”', status: 'draft' }, 'test')
  t.equal((await app.inject({ method: 'POST', url: '/v1/articles/a-draft/analyze' })).statusCode, 401, 'no token')
  const missing = await app.inject({ method: 'POST', url: '/v1/articles/no-such-story/analyze', headers })
  t.equal(missing.statusCode, 404)
  t.match(missing.headers['content-type'], /^application\/problem\+json/)
  t.match((await app.inject({ method: 'POST', url: '/v1/articles/Bad_Slug/analyze', headers })).json(), { status: 400, errors: [{ in: 'path', pointer: '/slug' }] })
  const draft = (await app.inject({ method: 'POST', url: '/v1/articles/a-draft/analyze', headers })).json()
  t.same(draft.quotes.map((q: { text: string, speaker: { slug: string } | null }) => [q.text, q.speaker?.slug]), [['This is a draft for now.', 'vladimir-putin']], 'drafts are analysed for a token that may read them')
})
