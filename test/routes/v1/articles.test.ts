import t from 'tap'
import { build, summitSlug } from '../../helper.js'

t.test('GET /v1/articles/{slug} serves the summit story with entities and quotes', async t => {
  const app = await build(t)
  const res = await app.inject({ url: `/v1/articles/${summitSlug}?include=entities,quotes` })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  const article = res.json()
  t.equal(article.title, 'Iran and Russia reject ceasefire proposal by Turkey')
  t.equal(article.status, 'published')
  t.equal(article.body.split('\n\n').length, 5, 'five paragraphs')
  t.ok(article.body.startsWith('Iran hosted a trilateral summit with Russia and Turkey'))
  t.ok(article.body.endsWith('to go away from the populated areas.'))
  t.notMatch(article.body, /Leave a Reply|Akismet|bloggers like this/, 'none of the site boilerplate')

  const entitySlugs = article.entities.map((e: { slug: string }) => e.slug).sort()
  t.same(entitySlugs, [
    'bashar-al-assad', 'hayet-tahrir-al-sham', 'idlib', 'iran', 'recep-tayyip-erdogan', 'russia',
    'syria', 'syrian-government-forces', 'syrian-rebels', 'turkey', 'united-nations', 'vladimir-putin'
  ], 'every seeded entity is linked, nothing else')
  for (const entity of article.entities) {
    t.equal(entity.offsets.length, entity.count, `${entity.slug}: one offset per mention`)
    for (const o of entity.offsets) t.ok(article[o.field].slice(o.start, o.end).length > 1)
  }

  t.same(article.quotes.map((q: { speaker: { slug: string } }) => q.speaker.slug), ['recep-tayyip-erdogan', 'vladimir-putin'])
  t.equal(article.quotes[0].text, 'An attack on Idlib will result in disaster, massacre and a very big humanitarian tragedy')
  t.match(article.quotes[1].text, /^We consider it unacceptable when, under the pretext/)
  t.equal(article.body.slice(article.quotes[1].position, article.quotes[1].position + article.quotes[1].text.length), article.quotes[1].text)
})

t.test('without include, relations are not embedded', async t => {
  const app = await build(t)
  const article = (await app.inject({ url: `/v1/articles/${summitSlug}` })).json()
  t.notOk('entities' in article)
  t.notOk('quotes' in article)
})

t.test('an unknown include is a 400 naming the parameter', async t => {
  const app = await build(t)
  const res = await app.inject({ url: `/v1/articles/${summitSlug}?include=entities,comments` })
  t.equal(res.statusCode, 400)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.match(res.json(), { status: 400, errors: [{ in: 'query', pointer: '/include', message: /comments/ }] })
})

t.test('an unknown slug is a problem+json 404', async t => {
  const app = await build(t)
  const res = await app.inject({ url: '/v1/articles/no-such-story' })
  t.equal(res.statusCode, 404)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.match(res.json(), { type: 'about:blank', title: 'Not Found', status: 404, detail: /no-such-story/, requestId: String })
})

t.test('a malformed slug is a 400 naming the path parameter', async t => {
  const app = await build(t)
  const res = await app.inject({ url: '/v1/articles/Not_A_Slug' })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { errors: [{ in: 'path', pointer: '/slug' }] })
})

t.test('drafts, archived articles and future scheduled ones are not public', async t => {
  const app = await build(t)
  const now = Date.now()
  const base = { body: 'Text.', tags: [] }
  await app.articles.upsert({ ...base, slug: 'a-draft', title: 'Draft', status: 'draft' }, 'test')
  await app.articles.upsert({ ...base, slug: 'an-archive', title: 'Archived', status: 'archived', publishedAt: new Date(now - 1000).toISOString() }, 'test')
  await app.articles.upsert({ ...base, slug: 'later', title: 'Later', status: 'scheduled', publishedAt: new Date(now + 3_600_000).toISOString() }, 'test')
  await app.articles.upsert({ ...base, slug: 'due', title: 'Due', status: 'scheduled', publishedAt: new Date(now - 1000).toISOString() }, 'test')
  for (const slug of ['a-draft', 'an-archive', 'later']) {
    t.equal((await app.inject({ url: `/v1/articles/${slug}` })).statusCode, 404, `${slug} is hidden`)
  }
  t.equal((await app.inject({ url: '/v1/articles/due' })).statusCode, 200, 'a scheduled article whose time has come is public')
  const listed = (await app.inject({ url: '/v1/articles' })).json().data.map((a: { slug: string }) => a.slug)
  t.same(listed, ['due', summitSlug], 'the list shows only public articles, newest first')
})

t.test('GET /v1/articles pages with a cursor, a next link and a Link header', async t => {
  const app = await build(t)
  for (let i = 1; i <= 5; i++) {
    await app.articles.upsert({ slug: `story-${i}`, title: `Story ${i}`, body: 'Text.', status: 'published', publishedAt: `2020-01-0${i}T00:00:00.000Z` }, 'test')
  }
  const first = await app.inject({ url: '/v1/articles?limit=2' })
  t.equal(first.statusCode, 200)
  const page1 = first.json()
  t.same(page1.data.map((a: { slug: string }) => a.slug), ['story-5', 'story-4'], 'newest first (the 2018 summit story is oldest)')
  t.equal(page1.meta.limit, 2)
  t.equal(first.headers.link, `<${page1.meta.next}>; rel="next"`)

  const seen = [...page1.data]
  let next: string | null = page1.meta.next
  while (next) {
    const page = (await app.inject({ url: next })).json()
    seen.push(...page.data)
    next = page.meta.next
  }
  t.same(seen.map(a => a.slug), ['story-5', 'story-4', 'story-3', 'story-2', 'story-1', summitSlug], 'every article once, in order')

  const last = await app.inject({ url: `/v1/articles?limit=6` })
  t.equal(last.json().meta.next, null, 'no next page after the last')
  t.notOk(last.headers.link)
})

t.test('bad paging parameters are 400s naming the parameter', async t => {
  const app = await build(t)
  for (const [query, pointer] of [['limit=0', '/limit'], ['limit=101', '/limit'], ['limit=ten', '/limit'], ['cursor=bogus', '/cursor'], ['page=2', '/page']]) {
    const res = await app.inject({ url: `/v1/articles?${query}` })
    t.equal(res.statusCode, 400, query)
    t.match(res.json(), { type: 'urn:dateline:problem:validation', errors: [{ in: 'query', pointer }] }, query)
  }
})

t.test('a cursor from another list is rejected', async t => {
  const app = await build(t)
  const entities = (await app.inject({ url: '/v1/entities?limit=1' })).json()
  const res = await app.inject({ url: `/v1/articles?cursor=${entities.meta.nextCursor}` })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { errors: [{ pointer: '/cursor' }] })
})
