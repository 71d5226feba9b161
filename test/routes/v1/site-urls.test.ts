import t from 'tap'
import { build, summitSlug } from '../../helper.js'

// Public answers are cached by CDNs for everyone: their URLs must come from the
// site's settings, never from what one client put in Host or X-Forwarded-*.

const site = { SITE_URL: 'https://news.example/', ARTICLE_URL_TEMPLATE: '/{yyyy}/{mm}/{section}/{slug}', ENTITY_URL_TEMPLATE: '/topic/{slug}', PUBLISHER_NAME: 'News Example', PUBLISHER_LOGO_URL: 'https://cdn.news.example/logo.png' }
const evil = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http', forwarded: 'host=evil.example' }

t.test('JSON-LD URLs come from SITE_URL and the templates, whatever Host and X-Forwarded-Host say', async t => {
  const app = await build(t, { ...site, TRUST_PROXY: 'true' })
  const plain = await app.inject({ url: `/v1/articles/${summitSlug}/jsonld` })
  const poisoned = await app.inject({ url: `/v1/articles/${summitSlug}/jsonld`, headers: evil })
  t.equal(poisoned.statusCode, 200)
  t.equal(poisoned.body, plain.body, 'the same answer, byte for byte')
  t.equal(poisoned.headers.etag, plain.headers.etag)
  t.notMatch(poisoned.body, /evil\.example/)
  const doc = poisoned.json()
  t.equal(doc['@id'], `https://news.example/2018/09/world/middle-east/${summitSlug}`)
  t.same(doc.mainEntityOfPage, { '@type': 'WebPage', '@id': doc['@id'] })
  t.same(doc.publisher, { '@type': 'Organization', name: 'News Example', url: 'https://news.example/', logo: { '@type': 'ImageObject', url: 'https://cdn.news.example/logo.png' } })
  t.equal(doc.mentions.find((e: { identifier: string }) => e.identifier === 'idlib')['@id'], 'https://news.example/topic/idlib')
})

t.test('a relative PUBLISHER_LOGO_URL is on the site; defaults serve localhost:3000', async t => {
  const app = await build(t, { PUBLISHER_LOGO_URL: '/static/logo.svg' })
  const doc = (await app.inject({ url: `/v1/articles/${summitSlug}/jsonld`, headers: evil })).json()
  t.equal(doc.publisher.logo.url, 'http://localhost:3000/static/logo.svg')
  t.equal(doc.url, `http://localhost:3000/world/middle-east/${summitSlug}`, 'the seed\'s section is in the path')
})
