import t from 'tap'
import type { Bundle } from '../../../src/schemas/bundle.js'
import { importBundle } from '../../../src/services/bundle.js'
import { build, summitSlug } from '../../helper.js'

type App = Awaited<ReturnType<typeof build>>
interface Page { data: Array<Record<string, any>>, meta: { limit: number, next: string | null, nextCursor: string | null, total?: number } }

// Five more stories beside the 2018 summit one, each mentioning some seeded entities.
const stories: NonNullable<Bundle['articles']> = [
  { slug: 'putin-visits-ankara', title: 'Putin visits Ankara', body: 'Vladimir Putin met Recep Tayyip Erdoğan in Ankara.', tags: ['Diplomacy', 'Turkey'], status: 'published', publishedAt: '2020-01-01T00:00:00.000Z', dateline: 'Ankara' },
  { slug: 'assad-and-putin', title: 'Assad and Putin talk', body: 'Bashar al-Assad called Vladimir Putin about Idlib.', tags: ['Syria'], status: 'published', publishedAt: '2020-01-02T00:00:00.000Z', dateline: 'Damascus' },
  { slug: 'idlib-ceasefire-holds', title: 'Idlib ceasefire holds', body: 'The ceasefire in Idlib held for a week, the United Nations said.', tags: ['Syria', 'Idlib'], status: 'published', publishedAt: '2020-01-03T00:00:00.000Z', dateline: 'Geneva' },
  { slug: 'erdogan-speech', title: 'A speech in Istanbul', body: 'Erdogan spoke about refugees and the economy.', tags: ['Turkey'], status: 'published', publishedAt: '2020-01-04T00:00:00.000Z', dateline: 'Istanbul' },
  { slug: 'draft-on-putin', title: 'Unpublished Putin story', body: 'Vladimir Putin, in a draft.', status: 'draft' }
]

async function addStories (app: App) {
  await importBundle(app.writeDoor, { format: 'dateline-bundle', version: 1, articles: stories }, { actor: 'test' })
}

async function get (app: App, url: string): Promise<Page> {
  const res = await app.inject({ url })
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

const slugs = (page: Page) => page.data.map(a => a.slug)

async function walk (app: App, url: string, between?: () => Promise<void>): Promise<string[]> {
  const seen: string[] = []
  let next: string | null = url
  while (next) {
    const page: Page = await get(app, next)
    seen.push(...page.data.map(a => a.slug ?? a.id))
    next = page.meta.next
    if (between) await between()
  }
  return seen
}

t.test('articles filter by entity (all of several, or any with in), tag, date range, slug prefix, dateline', async t => {
  const app = await build(t)
  await addStories(app)
  t.same(slugs(await get(app, '/v1/articles?filter[entity]=vladimir-putin')), ['assad-and-putin', 'putin-visits-ankara', summitSlug], 'public articles mentioning Putin, newest first; never the draft')
  t.same(slugs(await get(app, '/v1/articles?filter[entity]=vladimir-putin&filter[entity]=bashar-al-assad')), ['assad-and-putin', summitSlug], 'repeated: all of them')
  t.same(slugs(await get(app, '/v1/articles?filter[entity]=vladimir-putin,recep-tayyip-erdogan')), ['putin-visits-ankara', summitSlug], 'comma-separated: all of them')
  t.same(slugs(await get(app, '/v1/articles?filter[entity][in]=united-nations,recep-tayyip-erdogan')), ['erdogan-speech', 'idlib-ceasefire-holds', 'putin-visits-ankara', summitSlug], 'in: any of them')
  t.same(slugs(await get(app, '/v1/articles?filter[tag]=syria')), ['idlib-ceasefire-holds', 'assad-and-putin', summitSlug])
  t.same(slugs(await get(app, '/v1/articles?filter[tag]=syria&filter[tag]=idlib')), ['idlib-ceasefire-holds', summitSlug])
  t.same(slugs(await get(app, '/v1/articles?filter[tag][in]=turkey,idlib')), ['erdogan-speech', 'idlib-ceasefire-holds', 'putin-visits-ankara', summitSlug])
  t.same(slugs(await get(app, '/v1/articles?filter[publishedAt][gte]=2020-01-02&filter[publishedAt][lt]=2020-01-04')), ['idlib-ceasefire-holds', 'assad-and-putin'])
  t.same(slugs(await get(app, '/v1/articles?filter[publishedAt][lte]=2018-09-07T18:00:00Z')), [summitSlug])
  t.same(slugs(await get(app, '/v1/articles?filter[publishedAt][gt]=2020-01-03T00:00:00.000Z')), ['erdogan-speech'])
  t.same(slugs(await get(app, '/v1/articles?filter[slug][prefix]=putin')), ['putin-visits-ankara'])
  t.same(slugs(await get(app, '/v1/articles?filter[slug][in]=erdogan-speech,assad-and-putin,draft-on-putin')), ['erdogan-speech', 'assad-and-putin'])
  t.same(slugs(await get(app, '/v1/articles?filter[dateline]=Geneva')), ['idlib-ceasefire-holds'])
  t.same(slugs(await get(app, '/v1/articles?filter%5Bdateline%5D%5Bprefix%5D=Ist')), ['erdogan-speech'], 'percent-encoded brackets work too')
  t.same(slugs(await get(app, '/v1/articles?filter[entity]=no-such-entity')), [], 'an unknown slug matches nothing')
})

// count=true with a tag or entity filter counts from that tag's rows; it must count
// exactly what the list returns, with every other filter and the visibility rules.
t.test('count=true counts what a tag or entity filter returns, and nothing else', async t => {
  const app = await build(t)
  await addStories(app)
  const total = async (url: string) => (await get(app, `${url}&count=true&limit=100`)).meta.total
  for (const url of [
    '/v1/articles?filter[tag]=syria',
    '/v1/articles?filter[tag]=syria&filter[tag]=idlib',
    '/v1/articles?filter[tag]=syria&filter[publishedAt][gte]=2020-01-02',
    '/v1/articles?filter[tag]=turkey&filter[entity]=vladimir-putin',
    '/v1/articles?filter[entity]=vladimir-putin',
    '/v1/articles?filter[entity]=vladimir-putin,bashar-al-assad',
    '/v1/articles?filter[entity][in]=united-nations,recep-tayyip-erdogan',
    '/v1/articles?filter[entity]=no-such-entity'
  ]) {
    t.equal(await total(url), slugs(await get(app, `${url}&limit=100`)).length, url)
  }
  t.equal(await total('/v1/articles?filter[entity]=vladimir-putin'), 3, 'the draft mentioning Putin is not counted')
  const editor = { authorization: `Bearer ${(await app.tokens.create({ name: 'editor', scopes: ['content:write'] })).token}` }
  const rejected = await app.inject({ method: 'DELETE', url: '/v1/articles/assad-and-putin/mentions/vladimir-putin', headers: editor })
  t.equal(rejected.statusCode, 204)
  t.equal(await total('/v1/articles?filter[entity]=vladimir-putin'), 2, 'a mention an editor rejected is not counted')
})

t.test('entities and quotes filter with the same grammar', async t => {
  const app = await build(t)
  t.same((await get(app, '/v1/entities?filter[kind][in]=country,place')).data.map(e => e.slug), ['idlib', 'iran', 'russia', 'syria', 'turkey'])
  t.same((await get(app, '/v1/entities?filter[country]=turkey')).data.map(e => e.slug), ['recep-tayyip-erdogan'])
  t.same((await get(app, '/v1/entities?filter[name][prefix]=Syria')).data.map(e => e.slug), ['syria', 'syrian-government-forces', 'syrian-rebels'])
  t.same((await get(app, '/v1/entities?filter[slug]=idlib')).data.map(e => e.slug), ['idlib'])
  t.same((await get(app, '/v1/quotes?filter[speaker][in]=vladimir-putin,bashar-al-assad')).data.map(q => q.speaker.slug), ['vladimir-putin'])
  t.equal((await get(app, '/v1/quotes?filter[verified]=true')).data.length, 2)
  t.equal((await get(app, '/v1/quotes?filter[verified]=false')).data.length, 0)
  t.equal((await get(app, '/v1/quotes?filter[createdAt][gte]=2000-01-01')).data.length, 2)
  t.equal((await get(app, '/v1/quotes?filter[createdAt][lt]=2000-01-01')).data.length, 0)
})

t.test('sort on whitelisted fields, with every order paged stably while rows are added', async t => {
  const app = await build(t)
  await addStories(app)
  // Strings sort by code point: "A speech" comes before "Assad".
  t.same(slugs(await get(app, '/v1/articles?sort=title')), ['erdogan-speech', 'assad-and-putin', 'idlib-ceasefire-holds', summitSlug, 'putin-visits-ankara'])
  t.same(slugs(await get(app, '/v1/articles?sort=publishedAt')), [summitSlug, 'putin-visits-ankara', 'assad-and-putin', 'idlib-ceasefire-holds', 'erdogan-speech'])
  t.same((await get(app, '/v1/entities?sort=-name&limit=3')).data.map(e => e.slug), ['vladimir-putin', 'united-nations', 'turkey'])

  // Walk every offered order two at a time while a new article arrives before each
  // page: every article there at the start comes exactly once, in its order.
  let added = 0
  const insert = async () => {
    added++
    const day = String(1 + (added % 28)).padStart(2, '0')
    await app.articles.upsert({ slug: `late-${added}`, title: `${added % 2 ? 'AAA' : 'zzz'} late ${added}`, body: 'Text.', status: 'published', publishedAt: `2019-06-${day}T00:00:00.000Z` }, 'test')
  }
  for (const sort of ['title', '-title', 'publishedAt', '-publishedAt', 'updatedAt', '-updatedAt', '-publishedAt,title', 'title,-updatedAt']) {
    const before = slugs(await get(app, `/v1/articles?sort=${sort}&limit=100`))
    const seen = await walk(app, `/v1/articles?sort=${sort}&limit=2`, insert)
    t.equal(new Set(seen).size, seen.length, `sort=${sort}: no article twice`)
    t.same(seen.filter(slug => before.includes(slug)), before, `sort=${sort}: every article there at the start, once, in order`)
  }
  for (const [url, key] of [['/v1/entities?sort=-name', 'slug'], ['/v1/entities?sort=updatedAt', 'slug'], ['/v1/quotes?sort=createdAt', 'id'], ['/v1/quotes', 'id']]) {
    const join = url.includes('?') ? '&' : '?'
    const before = (await get(app, `${url}${join}limit=100`)).data.map(x => x[key])
    t.same(await walk(app, `${url}${join}limit=1`), before, `${url}: page by page as in one page`)
  }
})

t.test('pagination edges: empty page, last page, a cursor from a deleted row, limit out of range, count', async t => {
  const app = await build(t)
  await addStories(app)
  const empty = await get(app, '/v1/articles?filter[tag]=sport')
  t.same(empty.data, [])
  t.same(empty.meta, { limit: 20, nextCursor: null, next: null })

  const page1 = await get(app, '/v1/articles?limit=2&count=true')
  t.equal(page1.meta.total, 5, 'count=true: the total of every page')
  t.same(slugs(page1), ['erdogan-speech', 'idlib-ceasefire-holds'])
  await app.prisma.article.delete({ where: { slug: 'idlib-ceasefire-holds' } })
  const page2 = await get(app, page1.meta.next!)
  t.same(slugs(page2), ['assad-and-putin', 'putin-visits-ankara'], 'the cursor still works after its row was deleted')
  t.match(page2.meta.next, /count=true/, 'the next link keeps the other parameters')
  const page3 = await get(app, page2.meta.next!)
  t.same(slugs(page3), [summitSlug])
  t.same(page3.meta.next, null, 'the last page has no next')
  t.equal(page3.meta.total, 4)
  t.notOk('total' in (await get(app, '/v1/articles')).meta, 'no total unless asked')
  t.equal((await get(app, '/v1/entities?filter[kind]=leader&count=true&limit=1')).meta.total, 3)

  for (const query of ['limit=0', 'limit=101', 'limit=-1', 'limit=2.5']) {
    const res = await app.inject({ url: `/v1/entities?${query}` })
    t.equal(res.statusCode, 400, query)
    t.match(res.json(), { errors: [{ in: 'query', pointer: '/limit' }] })
  }
  const sortA = await get(app, '/v1/articles?sort=title&limit=1')
  const res = await app.inject({ url: `/v1/articles?sort=-title&cursor=${sortA.meta.nextCursor}` })
  t.equal(res.statusCode, 400, 'a cursor for another sort is rejected')
  t.match(res.json(), { errors: [{ pointer: '/cursor' }] })
  t.equal((await app.inject({ url: `/v1/articles?sort=title&cursor=${sortA.meta.nextCursor}` })).statusCode, 200)
})

t.test('quote pages skip quotes in unpublished articles, whatever the page size', async t => {
  const app = await build(t)
  const quotes = [
    { article: 'putin-visits-ankara', text: 'Vladimir Putin met Recep Tayyip Erdoğan', speaker: 'vladimir-putin' },
    { article: 'draft-on-putin', text: 'Vladimir Putin, in a draft', speaker: 'vladimir-putin' },
    { article: 'idlib-ceasefire-holds', text: 'The ceasefire in Idlib held for a week', speaker: 'united-nations' }
  ]
  await importBundle(app.writeDoor, { format: 'dateline-bundle', version: 1, articles: stories, quotes }, { actor: 'test' })
  const all = (await get(app, '/v1/quotes?limit=100&count=true'))
  t.equal(all.data.length, 4)
  t.equal(all.meta.total, 4)
  t.notOk(all.data.some(q => q.article.slug === 'draft-on-putin'))
  const walked = await walk(app, '/v1/quotes?limit=1')
  t.same(walked, all.data.map(q => q.id), 'one at a time: the same quotes in the same order')
  t.same((await walk(app, '/v1/quotes?limit=1&sort=createdAt')), [...walked].reverse())
})

t.test('include embeds relations in list items; fields keeps only the named properties', async t => {
  const app = await build(t)
  await addStories(app)
  const page = await get(app, '/v1/articles?include=entities,quotes&filter[slug][in]=putin-visits-ankara,' + summitSlug)
  const ankara = page.data.find(a => a.slug === 'putin-visits-ankara')!
  t.same(ankara.entities.map((e: { slug: string }) => e.slug).sort(), ['recep-tayyip-erdogan', 'vladimir-putin'])
  t.same(ankara.quotes, [])
  t.equal(page.data.find(a => a.slug === summitSlug)!.quotes.length, 2)
  t.notOk('entities' in (await get(app, '/v1/articles')).data[0], 'nothing embedded unless asked')

  const sparse = await get(app, '/v1/articles?fields=title,slug&limit=1')
  t.same(Object.keys(sparse.data[0]).sort(), ['slug', 'title'])
  const withInclude = await get(app, '/v1/articles?fields=slug&include=entities&limit=1')
  t.same(Object.keys(withInclude.data[0]).sort(), ['entities', 'slug'], 'an include survives fields')
  t.same(Object.keys((await get(app, '/v1/entities?fields=name&limit=1')).data[0]), ['name'])
  t.same(Object.keys((await get(app, '/v1/quotes?fields=text,speaker&limit=1')).data[0]).sort(), ['speaker', 'text'])
})

t.test('anything not whitelisted is a 400 naming it, before any query', async t => {
  const app = await build(t)
  for (const [url, pointer, message] of [
    ['/v1/articles?filter[body]=x', '/filter[body]', /not a known parameter/],
    ['/v1/articles?filter[Slug]=x', '/filter[Slug]', /not a known parameter/],
    ['/v1/articles?filter[status]=draft', '/filter[status]', /not a known parameter/],
    ['/v1/articles?filter[entity.name]=Putin', '/filter[entity.name]', /not a known parameter/],
    ['/v1/articles?filter[comments][authorEmail]=a@b.c', '/filter[comments][authorEmail]', /not a known parameter/],
    ['/v1/articles?filter[authorEmail]=a@b.c', '/filter[authorEmail]', /not a known parameter/],
    ['/v1/articles?filter[publishedAt][ne]=2018-01-01', '/filter[publishedAt][ne]', /not a known parameter/],
    ['/v1/articles?filter[slug][gt]=a', '/filter[slug][gt]', /not a known parameter/],
    ['/v1/entities?filter[kind][prefix]=lea', '/filter[kind][prefix]', /not a known parameter/],
    ['/v1/entities?filter[Kind]=leader', '/filter[Kind]', /not a known parameter/],
    ['/v1/entities?filter[kind][in]=leader,planet', '/filter[kind][in]', /planet.*country, leader/],
    ['/v1/quotes?filter[verified]=maybe', '/filter[verified]', /boolean/],
    ['/v1/articles?filter[publishedAt][gte]=yesterday', '/filter[publishedAt][gte]', /pattern/],
    ['/v1/articles?filter[publishedAt][gte]=2018-02-31', '/filter[publishedAt][gte]', /not a valid date/],
    ['/v1/articles?sort=body', '/sort', /pattern/],
    ['/v1/articles?sort=title,-title', '/sort', /twice/],
    ['/v1/articles?sort=Title', '/sort', /pattern/],
    ['/v1/articles?fields=title,body', '/fields', /"body".*slug, title/],
    ['/v1/articles?include=comments', '/include', /"comments".*entities, quotes/],
    ['/v1/entities?include=articles', '/include', /not a known parameter/],
    ['/v1/articles?q=putin&sort=title', '/sort', /relevance/],
    ['/v1/articles?q=%20!!%20', '/q', /word/],
    ['/v1/articles?q=putin%20er*', '/q', /at least 3 letters before \*/],
    ['/v1/articles?filter=slug', '/filter', /not a known parameter/],
    [`/v1/articles?filter[slug][in]=${Array.from({ length: 101 }, (_, i) => `s${i}`).join(',')}`, '/filter[slug][in]', /more than 100/],
    [`/v1/articles?filter[entity]=${Array.from({ length: 21 }, (_, i) => `e${i}`).join(',')}`, '/filter[entity]', /more than 20/]
  ] as Array<[string, string, RegExp]>) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 400, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/, url)
    t.match(res.json(), { type: 'urn:dateline:problem:validation', errors: [{ in: 'query', pointer, message }] }, url)
  }
})

t.test('q searches articles, ranked, ignoring case and diacritics, with highlighted snippets', async t => {
  const app = await build(t)
  await addStories(app)
  const erdogan = await get(app, '/v1/articles?q=ERDOGAN')
  t.same(slugs(erdogan).sort(), ['erdogan-speech', 'putin-visits-ankara', summitSlug].sort(), '"erdogan" finds "Erdoğan" and "Erdogan"')
  const ankara = erdogan.data.find(a => a.slug === 'putin-visits-ankara')!
  t.match(ankara.match.snippet, /<mark>Erdoğan<\/mark>/)
  t.ok(ankara.match.score > 0, 'a positive score, higher is better')

  const idlib = await get(app, '/v1/articles?q=idlib')
  t.equal(idlib.data[0].slug, 'idlib-ceasefire-holds', 'a title match ranks first')
  t.ok(idlib.data.every((a, i) => i === 0 || a.match.score <= idlib.data[i - 1].match.score), 'best first')
  t.notOk(slugs(await get(app, '/v1/articles?q=putin')).includes('draft-on-putin'), 'drafts are never found')
  t.same(slugs(await get(app, '/v1/articles?q=ceasefire%20week')), ['idlib-ceasefire-holds'], 'every word must match')
  t.same(slugs(await get(app, '/v1/articles?q=econ')), [], 'words match whole')
  t.same(slugs(await get(app, '/v1/articles?q=econ*')), ['erdogan-speech'], 'the last word is a prefix when it ends with *')
  t.same(slugs(await get(app, '/v1/articles?q=ERDO%C4%9E*')), slugs(erdogan), 'a prefix folds case and diacritics too')
  t.same(slugs(await get(app, '/v1/articles?q=putin&filter[tag]=syria')).sort(), ['assad-and-putin', summitSlug].sort(), 'filters apply to search results')
  t.same(slugs(await get(app, '/v1/articles?q=%22OR%20*%20NEAR(')), [], 'FTS syntax in q is taken as words, never as a query')

  const paged = await walk(app, '/v1/articles?q=idlib&limit=1&count=true')
  t.same(paged, slugs(idlib), 'search results page with a cursor, in rank order')
  t.equal((await get(app, '/v1/articles?q=idlib&count=true')).meta.total, slugs(idlib).length)
  t.equal((await get(app, '/v1/articles?q=idlib&count=true&filter[tag]=idlib')).meta.total, 2)
})

t.test('the index follows every write, through the database triggers', async t => {
  const app = await build(t)
  await addStories(app)
  await app.articles.upsert({ slug: 'erdogan-speech', title: 'A speech about Zanzibar', body: 'Nothing else.', status: 'published', publishedAt: '2020-01-04T00:00:00.000Z' }, 'test')
  t.same(slugs(await get(app, '/v1/articles?q=zanzibar')), ['erdogan-speech'], 'an update is searchable at once')
  t.notOk(slugs(await get(app, '/v1/articles?q=refugees')).includes('erdogan-speech'), 'the old words are gone')
  await app.prisma.article.delete({ where: { slug: 'erdogan-speech' } })
  t.same(slugs(await get(app, '/v1/articles?q=zanzibar')), [], 'a deleted article is not found')

  const hts = await get(app, '/v1/entities?q=nusra')
  t.same(hts.data.map(e => e.slug), ['hayet-tahrir-al-sham'], 'entities are found by former names')
  t.match(hts.data[0].match.snippet, /<mark>Nusra<\/mark>/)
  await app.prisma.entityAlias.create({ data: { entityId: (await app.prisma.entity.findUniqueOrThrow({ where: { slug: 'idlib' } })).id, name: 'Idleb' } })
  t.same((await get(app, '/v1/entities?q=idleb')).data.map(e => e.slug), ['idlib'], 'a new alias is searchable')
  await app.prisma.entityAlias.deleteMany({ where: { name: 'Idleb' } })
  t.same((await get(app, '/v1/entities?q=idleb')).data, [], 'a removed alias is not')
  t.same((await get(app, '/v1/entities?q=turkiye')).data.map(e => e.slug), ['turkey'], '"turkiye" finds the alias "Türkiye"')
  t.same((await get(app, '/v1/entities?q=erdogan&filter[kind]=country')).data, [], 'filters apply')

  const quotes = await get(app, '/v1/quotes?q=HUMANITARIAN%20tragedy')
  t.equal(quotes.data.length, 1)
  t.equal(quotes.data[0].speaker.slug, 'recep-tayyip-erdogan')
  t.match(quotes.data[0].match.snippet, /<mark>humanitarian<\/mark> <mark>tragedy<\/mark>/)
})

t.test('snippets are HTML-escaped around the marks', async t => {
  const app = await build(t)
  await app.articles.upsert({ slug: 'markup', title: 'Markup <b>test</b>', body: 'A <script>alert(1)</script> zebra & co.', status: 'published', publishedAt: '2020-01-01T00:00:00.000Z' }, 'test')
  const [hit] = (await get(app, '/v1/articles?q=zebra')).data
  // Each database cuts its own passage; on both, the only markup is the highlight.
  t.match(hit.match.snippet, /<mark>zebra<\/mark>/)
  t.notMatch(hit.match.snippet.replace(/<\/?mark>/g, ''), /[<>]/, 'everything else escaped')
})
