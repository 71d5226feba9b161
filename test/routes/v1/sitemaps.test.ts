import t from 'tap'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { build, summitSlug } from '../../helper.js'

// Sitemaps are checked as a crawler reads them: well-formed XML (fast-xml-parser's
// validator), the protocol's namespaces and elements, absolute locations on the site.

const env = { SITE_URL: 'https://news.example', API_URL: 'https://api.news.example', PUBLISHER_NAME: 'News Example', TRUST_PROXY: 'true' }
const evil = { host: 'evil.example', 'x-forwarded-host': 'evil.example' }
const w3cDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/
const parser = new XMLParser({ ignoreAttributes: false, isArray: name => ['url', 'sitemap'].includes(name) })

function parse (t: Parameters<typeof build>[0], body: string) {
  t.equal(XMLValidator.validate(body), true, 'well-formed XML')
  return parser.parse(body)
}

t.test('the index lists the article sitemaps and the news sitemap; article sitemaps list public articles', async t => {
  const app = await build(t, env)
  const token = (await app.tokens.create({ name: 'editor', scopes: ['content:write'] })).token
  const auth = { authorization: `Bearer ${token}` }
  await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { slug: 'a-draft', title: 'A draft', body: 'Text.' } })
  const index = await app.inject({ url: '/v1/sitemaps', headers: evil })
  t.equal(index.statusCode, 200)
  t.match(index.headers['content-type'], /^application\/xml/)
  t.notMatch(index.body, /evil\.example/)
  const doc = parse(t, index.body)
  t.equal(doc.sitemapindex['@_xmlns'], 'http://www.sitemaps.org/schemas/sitemap/0.9')
  t.same(doc.sitemapindex.sitemap.map((s: { loc: string }) => s.loc), ['https://api.news.example/v1/sitemaps/articles/1', 'https://api.news.example/v1/sitemaps/news'])

  const page = await app.inject({ url: '/v1/sitemaps/articles/1', headers: evil })
  const urlset = parse(t, page.body).urlset
  t.equal(urlset['@_xmlns'], 'http://www.sitemaps.org/schemas/sitemap/0.9')
  t.same(urlset.url.map((u: { loc: string }) => u.loc), [`https://news.example/world/middle-east/${summitSlug}`], 'public articles only')
  t.match(urlset.url[0].lastmod, w3cDate)
  t.match(urlset.url[0].lastmod, /^2018-09-07/, 'lastmod is the editorial date')
  t.equal((await app.inject({ url: '/v1/sitemaps/articles/1', headers: { 'if-none-match': page.headers.etag as string } })).statusCode, 304)
  t.equal((await app.inject('/v1/sitemaps/articles/2')).statusCode, 404)
  t.equal((await app.inject('/v1/sitemaps/articles/0')).statusCode, 400)
})

t.test('the Google News sitemap holds the articles of the last 48 hours', async t => {
  const app = await build(t, env)
  const token = (await app.tokens.create({ name: 'editor', scopes: ['content:write'] })).token
  const auth = { authorization: `Bearer ${token}` }
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString()
  await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { slug: 'fresh', title: 'Fresh & new', body: 'Text.', status: 'published', publishedAt: hoursAgo(2) } })
  await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { slug: 'stale', title: 'Stale', body: 'Text.', status: 'published', publishedAt: hoursAgo(49) } })
  const news = await app.inject('/v1/sitemaps/news')
  const urlset = parse(t, news.body).urlset
  t.equal(urlset['@_xmlns:news'], 'http://www.google.com/schemas/sitemap-news/0.9')
  t.same(urlset.url.map((u: { loc: string }) => u.loc), ['https://news.example/fresh'], 'the 2018 story and a 49-hour-old one are out')
  t.match(urlset.url[0]['news:news'], {
    'news:publication': { 'news:name': 'News Example', 'news:language': 'en' },
    'news:title': 'Fresh & new'
  })
  t.match(urlset.url[0]['news:news']['news:publication_date'], w3cDate)
})

t.test('with nothing published in the last 48 hours the Google News sitemap is an empty urlset, not a 500', async t => {
  // Found by the contract fuzzer: the sitemap library refuses to end an empty urlset.
  const app = await build(t, env)
  const news = await app.inject('/v1/sitemaps/news')
  t.equal(news.statusCode, 200)
  t.match(news.headers['content-type'], /^application\/xml/)
  const urlset = parse(t, news.body).urlset
  t.equal(urlset['@_xmlns'], 'http://www.sitemaps.org/schemas/sitemap/0.9')
  t.equal(urlset['@_xmlns:news'], 'http://www.google.com/schemas/sitemap-news/0.9')
  t.equal(urlset.url, undefined, 'no url entries: the only story is from 2018')
})
