import t from 'tap'
import { importBundle, parseBundle } from '../../../src/services/bundle.js'
import { build, summitSlug } from '../../helper.js'

/** Two more published stories and a draft, imported (and so analysed) like any content. */
async function moreStories (app: Awaited<ReturnType<typeof build>>) {
  await importBundle(app.writeDoor, parseBundle({
    format: 'dateline-bundle',
    version: 1,
    articles: [
      { slug: 'putin-in-sochi', title: 'Putin hosts Erdoğan in Sochi', body: 'Vladimir Putin and Recep Tayyip Erdoğan agreed on a buffer zone in Idlib. “This is a serious step forward for all,” Putin said.', status: 'published', publishedAt: '2018-09-17T12:00:00.000Z' },
      { slug: 'turkey-border', title: 'Turkey reinforces its border', body: 'Turkey sent more troops to the Syrian border.', status: 'published', publishedAt: '2018-09-10T12:00:00.000Z' },
      { slug: 'putin-draft', title: 'Putin draft', body: 'Putin said, “Drafts are never shown to anybody.”', status: 'draft' }
    ]
  }), { actor: 'test' })
}

t.test('GET /v1/entities/{slug}/articles lists the published articles mentioning it, newest first, page by page', async t => {
  const app = await build(t)
  await moreStories(app)
  const first = await app.inject({ url: '/v1/entities/vladimir-putin/articles?limit=1' })
  t.equal(first.statusCode, 200)
  const page1 = first.json()
  t.same(page1.data.map((a: { slug: string }) => a.slug), ['putin-in-sochi'])
  t.equal(first.headers.link, `<${page1.meta.next}>; rel="next"`)
  const page2 = (await app.inject({ url: page1.meta.next })).json()
  t.same(page2.data.map((a: { slug: string }) => a.slug), [summitSlug])
  t.equal(page2.meta.next, null, 'the draft is not listed')
  t.same((await app.inject({ url: '/v1/entities/turkey/articles' })).json().data.map((a: { slug: string }) => a.slug), ['turkey-border', summitSlug])
})

t.test('GET /v1/entities/{slug}/quotes is the timeline of what it said in published articles', async t => {
  const app = await build(t)
  await moreStories(app)
  const res = await app.inject({ url: '/v1/entities/vladimir-putin/quotes' })
  t.equal(res.statusCode, 200)
  const quotes = res.json().data
  t.same(quotes.map((q: { article: { slug: string }, verified: boolean, source: string }) => [q.article.slug, q.verified, q.source]), [
    ['putin-in-sochi', false, 'automatic'],
    [summitSlug, true, 'editorial']
  ], 'found by analysis and unverified; from the bundle, editorial and verified')
  t.equal(quotes[0].text, 'This is a serious step forward for all')
  const page1 = (await app.inject({ url: '/v1/entities/vladimir-putin/quotes?limit=1' })).json()
  t.same((await app.inject({ url: page1.meta.next })).json().data.map((q: { id: string }) => q.id), [quotes[1].id], 'the cursor pages on')
  t.same((await app.inject({ url: '/v1/entities/idlib/quotes' })).json().data, [], 'a place says nothing')
})

t.test('GET /v1/entities/{slug}/related weighs co-mentions and adds declared relations', async t => {
  const app = await build(t)
  await moreStories(app)
  const res = await app.inject({ url: '/v1/entities/vladimir-putin/related?limit=100' })
  t.equal(res.statusCode, 200)
  const related = res.json()
  t.same(related.entity, { slug: 'vladimir-putin', kind: 'leader', name: 'Vladimir Putin' })
  const bySlug = Object.fromEntries(related.data.map((r: { entity: { slug: string } }) => [r.entity.slug, r]))
  t.match(bySlug['recep-tayyip-erdogan'], { articles: 2, mentions: 3, relations: [] }, 'named with Putin in two articles')
  t.match(bySlug.idlib, { articles: 2 })
  t.match(bySlug.russia, { articles: 1, relations: [{ predicate: 'leads', direction: 'outgoing', article: null }] })
  t.same(related.data.slice(0, 2).map((r: { entity: { slug: string } }) => r.entity.slug).sort(), ['idlib', 'recep-tayyip-erdogan'], 'the strongest first')
  t.notOk(bySlug['vladimir-putin'], 'not related to itself')
  t.equal((await app.inject({ url: '/v1/entities/vladimir-putin/related?limit=1' })).json().data.length, 1)

  const russia = (await app.inject({ url: '/v1/entities/russia/related?limit=100' })).json()
  t.same(russia.data.find((r: { entity: { slug: string } }) => r.entity.slug === 'bashar-al-assad').relations,
    [{ predicate: 'supports', direction: 'outgoing', article: summitSlug }], 'with the article it was reported in')
  await app.articles.upsert({ slug: summitSlug, title: 'Withdrawn', body: 'Text.', status: 'draft' }, 'test')
  const hidden = (await app.inject({ url: '/v1/entities/russia/related?limit=100' })).json()
  t.same(hidden.data.find((r: { entity: { slug: string } }) => r.entity.slug === 'bashar-al-assad'),
    { entity: { slug: 'bashar-al-assad', kind: 'leader', name: 'Bashar al-Assad' }, articles: 0, mentions: 0, relations: [{ predicate: 'supports', direction: 'outgoing', article: null }] },
    'an unpublished article neither counts nor is named')
})

t.test('graph routes answer 404 for an unknown entity and 400 for bad parameters', async t => {
  const app = await build(t)
  for (const path of ['articles', 'quotes', 'related']) {
    const res = await app.inject({ url: `/v1/entities/atlantis/${path}` })
    t.equal(res.statusCode, 404, path)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
  }
  t.match((await app.inject({ url: '/v1/entities/russia/related?limit=0' })).json(), { status: 400, errors: [{ in: 'query', pointer: '/limit' }] })
  t.match((await app.inject({ url: '/v1/entities/russia/articles?cursor=bogus' })).json(), { status: 400, errors: [{ in: 'query', pointer: '/cursor' }] })
  t.match((await app.inject({ url: '/v1/entities/russia/quotes?sort=new' })).json(), { status: 400, errors: [{ in: 'query', pointer: '/sort' }] })
})

t.test('GET /v1/articles/{slug}/jsonld is a schema.org NewsArticle with its entities and quotes', async t => {
  const app = await build(t)
  const res = await app.inject({ url: `/v1/articles/${summitSlug}/jsonld` })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/ld\+json/)
  t.ok(res.headers.etag)
  const doc = res.json()
  t.match(doc, {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': `http://localhost:3000/world/middle-east/${summitSlug}`,
    headline: 'Iran and Russia reject ceasefire proposal by Turkey',
    datePublished: '2018-09-07T18:00:00.000Z',
    dateline: 'Tehran',
    keywords: ['Syria', 'Idlib', 'Diplomacy']
  })
  t.same(doc.author, [{ '@type': 'Person', name: 'Dateline staff', url: 'http://localhost:3000/authors/dateline-staff', jobTitle: 'Newsroom' }], 'the seed\'s author')
  t.same(doc.about.map((e: { identifier: string }) => e.identifier).sort(), ['iran', 'russia', 'turkey'], 'about: the entities in the headline')
  t.equal(doc.mentions.length, 12)
  t.same(doc.mentions.find((e: { identifier: string }) => e.identifier === 'idlib'), { '@type': 'Place', '@id': 'http://localhost:3000/topics/idlib', name: 'Idlib', identifier: 'idlib' })
  t.same(doc.hasPart.map((q: { '@type': string, spokenByCharacter: { '@type': string, name: string } }) => [q['@type'], q.spokenByCharacter['@type'], q.spokenByCharacter.name]), [
    ['Quotation', 'Person', 'Recep Tayyip Erdoğan'],
    ['Quotation', 'Person', 'Vladimir Putin']
  ])
  t.equal((await app.inject({ url: `/v1/articles/${summitSlug}/jsonld`, headers: { 'if-none-match': res.headers.etag } })).statusCode, 304)
})

t.test('an organization\'s quote is its creator\'s; an unattributed one has neither', async t => {
  const app = await build(t)
  await importBundle(app.writeDoor, parseBundle({
    format: 'dateline-bundle',
    version: 1,
    articles: [{ slug: 'un-appeal', title: 'UN appeal', body: '“The corridors are not working at all,” the UN said. “Nobody knows what comes next for them,” a diplomat said.', status: 'published', publishedAt: '2018-09-20T00:00:00.000Z' }]
  }), { actor: 'test' })
  const doc = (await app.inject({ url: '/v1/articles/un-appeal/jsonld' })).json()
  t.same(doc.hasPart, [
    { '@type': 'Quotation', text: 'The corridors are not working at all', creator: { '@type': 'Organization', '@id': 'http://localhost:3000/topics/united-nations', name: 'United Nations', identifier: 'united-nations' } },
    { '@type': 'Quotation', text: 'Nobody knows what comes next for them' }
  ])
  t.equal((await app.inject({ url: '/v1/articles/no-such-story/jsonld' })).statusCode, 404)
})
