import t from 'tap'
import Parser from 'rss-parser'
import { XMLParser } from 'fast-xml-parser'
import { build, summitSlug } from '../../helper.js'

// Feeds are parsed the way readers parse them: rss-parser for RSS and Atom, JSON for
// JSON Feed.

const env = { SITE_URL: 'https://news.example', API_URL: 'https://api.news.example', PUBLISHER_NAME: 'News Example', TRUST_PROXY: 'true' }
const evil = { host: 'evil.example', 'x-forwarded-host': 'evil.example' }

async function setup (t: Parameters<typeof build>[0]) {
  const app = await build(t, env)
  const token = (await app.tokens.create({ name: 'editor', scopes: ['content:write'] })).token
  const auth = { authorization: `Bearer ${token}` }
  await app.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { name: 'Maria Haddad' } })
  await app.inject({ method: 'PATCH', url: `/v1/articles/${summitSlug}`, headers: auth, payload: { authors: ['maria-haddad'], section: 'middle-east' } })
  await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { slug: 'sport-story', title: 'A sport story', body: 'Text.', status: 'published', publishedAt: '2018-09-01T00:00:00.000Z', tags: ['Football'] } })
  await app.inject({ method: 'POST', url: `/v1/articles/${summitSlug}/corrections`, headers: auth, payload: { kind: 'correction', text: 'An earlier version misnamed the host city.' } })
  return { app, auth }
}

t.test('the site feed in RSS 2.0, Atom and JSON Feed, parsed by real parsers', async t => {
  const { app } = await setup(t)
  const parser = new Parser()
  const rss = await app.inject({ url: '/v1/feeds/rss', headers: evil })
  t.equal(rss.statusCode, 200)
  t.match(rss.headers['content-type'], /^application\/rss\+xml/)
  t.notMatch(rss.body, /evil\.example/)
  const channel = await parser.parseString(rss.body)
  t.equal(channel.title, 'News Example')
  t.equal(channel.link, 'https://news.example/')
  t.same(channel.items.map(i => i.link), [`https://news.example/world/middle-east/${summitSlug}`, 'https://news.example/sport-story'])
  t.equal(channel.items[0].title, 'Iran and Russia reject ceasefire proposal by Turkey')
  t.match((channel.items[0] as Record<string, unknown>)['content:encoded'], /Correction.*misnamed the host city/, 'the correction is in the entry')
  t.ok(channel.items[0].categories?.some(c => JSON.stringify(c).includes('Idlib')))
  t.match(rss.body, /<atom:link href="https:\/\/api\.news\.example\/v1\/feeds\/rss" rel="self"/)

  const atom = await app.inject('/v1/feeds/atom')
  t.match(atom.headers['content-type'], /^application\/atom\+xml/)
  const feed = await parser.parseString(atom.body)
  t.equal(feed.items.length, 2)
  t.equal(feed.items[0].link, `https://news.example/world/middle-east/${summitSlug}`)
  t.equal(feed.items[0].author, 'Maria Haddad')
  t.match(feed.items[0].content, /Correction.*misnamed the host city/)
  const xml = new XMLParser({ ignoreAttributes: false }).parse(atom.body)
  t.equal(xml.feed.entry[0].author.uri, 'https://news.example/authors/maria-haddad')

  const json = await app.inject('/v1/feeds/json')
  t.match(json.headers['content-type'], /^application\/feed\+json/)
  const doc = JSON.parse(json.body)
  t.match(doc, { version: /jsonfeed\.org\/version\/1/, title: 'News Example', home_page_url: 'https://news.example/', feed_url: 'https://api.news.example/v1/feeds/json' })
  t.same(doc.items.map((i: { url: string }) => i.url), [`https://news.example/world/middle-east/${summitSlug}`, 'https://news.example/sport-story'])

  const again = await app.inject({ url: '/v1/feeds/atom', headers: { 'if-none-match': atom.headers.etag as string } })
  t.equal(again.statusCode, 304, 'an unchanged feed answers 304 to its ETag')
  t.equal((await app.inject('/v1/feeds/xml')).statusCode, 400)
})

t.test('feeds of a section (with those below it), a tag, an author and an entity; 404 for none', async t => {
  const { app } = await setup(t)
  const parser = new Parser()
  const links = async (url: string) => (await parser.parseString((await app.inject(url)).body)).items.map(i => i.link)
  t.same(await links('/v1/feeds/sections/world/rss'), [`https://news.example/world/middle-east/${summitSlug}`])
  t.same(await links('/v1/feeds/tags/football/atom'), ['https://news.example/sport-story'])
  t.same(await links('/v1/feeds/authors/maria-haddad/rss'), [`https://news.example/world/middle-east/${summitSlug}`])
  const idlib = await parser.parseString((await app.inject('/v1/feeds/entities/idlib/atom')).body)
  t.equal(idlib.title, 'News Example: Idlib')
  t.equal(idlib.items.length, 1)
  for (const url of ['/v1/feeds/sections/nowhere/rss', '/v1/feeds/tags/nothing/json', '/v1/feeds/authors/nobody/atom', '/v1/feeds/entities/atlantis/rss']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 404, url)
    t.match(res.headers['content-type'], /problem\+json/)
  }
  t.equal((await app.inject('/v1/feeds/people/x/rss')).statusCode, 400)
})
