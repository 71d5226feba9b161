import sharp from 'sharp'
import t from 'tap'
import type { NewsArticle as SchemaOrgNewsArticle, WithContext } from 'schema-dts'
import type { NewsArticle } from '../../../src/schemas/graph.js'
import { build, summitSlug } from '../../helper.js'

// The vocabulary, checked by the compiler (`npm run lint`) with schema-dts, which is
// generated from schema.org: each value Dateline writes has a type schema.org allows
// for its property (nested types too), and each top-level property is one schema.org
// defines on NewsArticle.
export const inVocabulary = (doc: NewsArticle): WithContext<SchemaOrgNewsArticle> => doc
type NewsArticleProperties = keyof Extract<SchemaOrgNewsArticle, { '@type': 'NewsArticle' }> | '@context'
export const noUnknownProperty: [Exclude<keyof NewsArticle, NewsArticleProperties>] extends [never] ? true : false = true

const iso8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
const absolute = /^https?:\/\/[^/]+/

type Doc = Record<string, unknown> & { author?: Array<Record<string, unknown>> }

/**
 * Google's documented properties for Article structured data
 * (developers.google.com/search/docs/appearance/structured-data/article): none is
 * required; recommended are author (Person or Organization, with name and url),
 * dateModified and datePublished (ISO 8601 with a time zone), headline, image
 * (URLs or ImageObjects). Returns what does not hold.
 */
function googleArticleProblems (doc: Doc): string[] {
  const problems: string[] = []
  if (!['Article', 'NewsArticle', 'BlogPosting'].includes(String(doc['@type']))) problems.push('@type is not an Article type')
  if (typeof doc.headline !== 'string' || doc.headline.length === 0) problems.push('headline')
  for (const key of ['datePublished', 'dateModified']) if (!iso8601.test(String(doc[key]))) problems.push(`${key} is not ISO 8601 with a time zone`)
  for (const [i, author] of (doc.author ?? []).entries()) {
    if (!['Person', 'Organization'].includes(String(author['@type']))) problems.push(`author ${i} @type`)
    if (typeof author.name !== 'string' || author.name.length === 0) problems.push(`author ${i} name`)
    if (!absolute.test(String(author.url))) problems.push(`author ${i} url`)
  }
  if ('image' in doc) {
    const images = Array.isArray(doc.image) ? doc.image : [doc.image]
    if (!images.every(img => absolute.test(typeof img === 'string' ? img : String((img as { url?: string }).url)))) problems.push('image')
  }
  return problems
}

t.test('the summit story\'s JSON-LD has what Google documents for news articles', async t => {
  const app = await build(t, { SITE_URL: 'https://news.example', PUBLISHER_NAME: 'News Example' })
  const token = (await app.tokens.create({ name: 'editor', scopes: ['content:write'] })).token
  const auth = { authorization: `Bearer ${token}` }
  await app.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { name: 'Maria Haddad', role: 'Middle East correspondent' } })
  await app.inject({ method: 'PATCH', url: `/v1/articles/${summitSlug}`, headers: auth, payload: { authors: ['maria-haddad'] } })
  const doc = (await app.inject(`/v1/articles/${summitSlug}/jsonld`)).json()
  t.same(googleArticleProblems(doc), [])
  t.same(doc.author, [{ '@type': 'Person', name: 'Maria Haddad', url: 'https://news.example/authors/maria-haddad', jobTitle: 'Middle East correspondent' }])
  t.match(doc, {
    '@type': 'NewsArticle',
    headline: 'Iran and Russia reject ceasefire proposal by Turkey',
    datePublished: '2018-09-07T18:00:00.000Z',
    mainEntityOfPage: { '@type': 'WebPage', '@id': `https://news.example/world/middle-east/${summitSlug}` },
    articleSection: 'Middle East',
    publisher: { '@type': 'Organization', name: 'News Example', logo: { '@type': 'ImageObject', url: 'https://news.example/logo.png' } },
    isAccessibleForFree: true
  })
  t.ok(doc.dateModified >= doc.datePublished)
  t.ok(doc.mentions.length > 0 && doc.about.length > 0 && doc.hasPart.length === 2, 'about, mentions and quotations stay')
})

t.test('with a lead image, JSON-LD image lists its 16:9, 4:3 and 1:1 crops, each a picture of that shape', async t => {
  const app = await build(t, { SITE_URL: 'https://news.example', API_URL: 'https://api.news.example' })
  const token = (await app.tokens.create({ name: 'editor', scopes: ['content:write'] })).token
  const auth = { authorization: `Bearer ${token}` }
  const before = (await app.inject(`/v1/articles/${summitSlug}/jsonld`)).json()
  t.notOk('image' in before, 'no image property without a lead image')

  const file = await sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#446688' } }).jpeg().toBuffer()
  const boundary = '----dateline-jsonld'
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="summit.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`)
  ])
  const image = (await app.inject({ method: 'POST', url: '/v1/images', headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload })).json()
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/articles/${summitSlug}`, headers: auth, payload: { leadImage: image.id } })).statusCode, 200)

  const doc = (await app.inject({ url: `/v1/articles/${summitSlug}/jsonld`, headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' } })).json()
  t.same(googleArticleProblems(doc), [])
  t.equal(doc.image.length, 3)
  const ratios = []
  for (const url of doc.image as string[]) {
    t.ok(url.startsWith(`https://api.news.example/v1/images/${image.id}/`), 'from API_URL, not the request')
    const res = await app.inject(url.replace('https://api.news.example', ''))
    t.equal(res.statusCode, 200)
    const { width = 0, height = 0 } = await sharp(res.rawPayload).metadata()
    t.ok(width * height >= 50_000 && width >= 696, 'large enough for Google (at least 50K pixels, 696 wide)')
    ratios.push(Math.round(width / height * 100) / 100)
  }
  t.same(ratios, [1.78, 1.33, 1], '16:9, 4:3 and 1:1')
})

t.test('dateModified is editorial: the seed shows its 2018 time; a correction moves it and shows as correction', async t => {
  const app = await build(t)
  const seeded = (await app.inject(`/v1/articles/${summitSlug}/jsonld`)).json()
  t.equal(seeded.dateModified, '2018-09-07T18:00:00.000Z', 'not the time the seed was loaded')
  t.equal((await app.inject(`/v1/articles/${summitSlug}`)).json().dateModified, '2018-09-07T18:00:00.000Z')
  t.notOk('correction' in seeded)
  const token = (await app.tokens.create({ name: 'editor', scopes: ['content:write'] })).token
  const auth = { authorization: `Bearer ${token}` }

  // Liking, commenting and re-archiving are no editorial change; neither is sending the same content.
  await app.inject({ method: 'POST', url: `/v1/articles/${summitSlug}/likes`, headers: { 'x-reader-key': 'reader-1' } })
  await app.inject({ method: 'PATCH', url: `/v1/articles/${summitSlug}`, headers: auth, payload: { commentsOpen: false } })
  t.equal((await app.inject(`/v1/articles/${summitSlug}`)).json().dateModified, '2018-09-07T18:00:00.000Z')

  const before = Date.now()
  // The PATCH above is an article.updated change too; the notices' events come after it.
  const lastEvent = (await app.prisma.outboxEvent.aggregate({ _max: { id: true } }))._max.id ?? 0
  const posted = await app.inject({ method: 'POST', url: `/v1/articles/${summitSlug}/corrections`, headers: auth, payload: { kind: 'correction', text: 'An earlier version misnamed the host city.' } })
  t.equal(posted.statusCode, 201)
  t.match(posted.json(), { kind: 'correction', text: 'An earlier version misnamed the host city.' })
  await app.inject({ method: 'POST', url: `/v1/articles/${summitSlug}/corrections`, headers: auth, payload: { kind: 'update', text: 'Adds the Kremlin\'s statement.' } })
  const article = (await app.inject(`/v1/articles/${summitSlug}`)).json()
  t.same(article.corrections.map((c: { kind: string }) => c.kind), ['correction', 'update'])
  t.ok(Date.parse(article.dateModified) >= before, 'dateModified is the latest notice\'s time')
  t.equal(article.dateModified, article.corrections[1].createdAt)
  const doc = (await app.inject(`/v1/articles/${summitSlug}/jsonld`)).json()
  t.same(doc.correction, [{ '@type': 'CorrectionComment', text: 'An earlier version misnamed the host city.', datePublished: article.corrections[0].createdAt }])
  t.equal(doc.dateModified, article.dateModified)
  const events = await app.prisma.outboxEvent.findMany({ where: { resource: 'article', event: 'updated', id: { gt: lastEvent } }, orderBy: { id: 'asc' } })
  t.equal(events.length, 2, 'each notice is an article.updated change')
  t.match(JSON.parse(events[0].data!), { slug: summitSlug, corrections: [{ kind: 'correction' }] })

  // An editorial change to a public article moves dateModified too.
  await app.inject({ method: 'PATCH', url: `/v1/articles/${summitSlug}`, headers: auth, payload: { standfirst: 'A new standfirst.' } })
  t.ok((await app.inject(`/v1/articles/${summitSlug}`)).json().dateModified > article.dateModified)
})

t.test('corrections: only on published articles, by content:write, with checked input', async t => {
  const app = await build(t)
  const token = (await app.tokens.create({ name: 'editor', scopes: ['content:write'] })).token
  const auth = { authorization: `Bearer ${token}` }
  await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { slug: 'a-draft', title: 'A draft', body: 'Text.' } })
  const draft = await app.inject({ method: 'POST', url: '/v1/articles/a-draft/corrections', headers: auth, payload: { kind: 'update', text: 'x' } })
  t.equal(draft.statusCode, 409)
  t.equal((await app.inject({ method: 'POST', url: '/v1/articles/nothing/corrections', headers: auth, payload: { kind: 'update', text: 'x' } })).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: `/v1/articles/${summitSlug}/corrections`, payload: { kind: 'update', text: 'x' } })).statusCode, 401)
  const bad = await app.inject({ method: 'POST', url: `/v1/articles/${summitSlug}/corrections`, headers: auth, payload: { kind: 'retraction', text: ' ' } })
  t.equal(bad.statusCode, 400)
  t.same(bad.json().errors.map((e: { pointer: string }) => e.pointer).sort(), ['/kind', '/text'])
})
