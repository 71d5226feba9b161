import t, { type Test } from 'tap'
import { build, summitSlug } from '../../helper.js'

async function setup (t: Test) {
  const app = await build(t, { SITE_URL: 'https://news.example' })
  // The seed's import recorded its own events; these tests look at what they change.
  await app.prisma.outboxEvent.deleteMany()
  const token = (await app.tokens.create({ name: 'editor', scopes: ['content:write'] })).token
  const auth = { authorization: `Bearer ${token}` }
  const post = (payload: object) => app.inject({ method: 'POST', url: '/v1/sections', headers: auth, payload })
  return { app, auth, post }
}

t.test('sections nest (World > Middle East), count their subtree\'s public articles, and filter articles', async t => {
  const { app, auth, post } = await setup(t)
  t.equal((await post({ name: 'World' })).statusCode, 409, 'the seed has World > Middle East')
  t.match((await app.inject('/v1/sections/middle-east')).json(), { slug: 'middle-east', path: 'world/middle-east', parent: 'world', url: 'https://news.example/world/middle-east' })
  const europe = await post({ name: 'Europe', parent: 'world', position: 1 })
  t.equal(europe.statusCode, 201)
  t.match(europe.json(), { slug: 'europe', path: 'world/europe', parent: 'world' })
  await post({ name: 'Sport' })
  await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { title: 'Draft in Europe', body: 'Text.', section: 'europe' } })
  const list = (await app.inject('/v1/sections')).json().data
  t.same(list.map((s: { path: string, articleCount: number }) => [s.path, s.articleCount]), [['sport', 0], ['world', 1], ['world/middle-east', 1], ['world/europe', 0]], 'depth-first; drafts not counted')
  const article = (await app.inject(`/v1/articles/${summitSlug}`)).json()
  t.same(article.section, { slug: 'middle-east', name: 'Middle East', path: 'world/middle-east' })
  const jsonld = (await app.inject(`/v1/articles/${summitSlug}/jsonld`)).json()
  t.equal(jsonld.url, `https://news.example/world/middle-east/${summitSlug}`, 'the page URL follows the section')
  t.same((await app.inject('/v1/articles?filter[section]=world')).json().data.map((a: { slug: string }) => a.slug), [summitSlug], 'a parent section holds its children\'s articles')
  t.same((await app.inject('/v1/articles?filter[section]=sport')).json().data, [])
  t.same((await app.inject('/v1/articles?filter[section][in]=sport,middle-east&count=true')).json().meta.total, 1)
  const bad = await app.inject({ method: 'PATCH', url: `/v1/articles/${summitSlug}`, headers: auth, payload: { section: 'nowhere' } })
  t.equal(bad.statusCode, 400)
  t.same(bad.json().errors.map((e: { pointer: string }) => e.pointer), ['/section'])
})

t.test('moving a section moves its subtree; cycles, depth and non-empty deletes are refused', async t => {
  const { app, auth, post } = await setup(t)
  await post({ name: 'Syria', parent: 'middle-east' })
  const tooDeep = await post({ name: 'Idlib', parent: 'syria' })
  t.equal(tooDeep.statusCode, 400)
  t.same(tooDeep.json().errors[0].pointer, '/parent')
  const cycle = await app.inject({ method: 'PATCH', url: '/v1/sections/world', headers: auth, payload: { parent: 'syria' } })
  t.equal(cycle.statusCode, 400)
  await post({ name: 'Asia' })
  const moved = await app.inject({ method: 'PATCH', url: '/v1/sections/middle-east', headers: auth, payload: { parent: 'asia' } })
  t.equal(moved.json().path, 'asia/middle-east')
  t.equal((await app.inject('/v1/sections/syria')).json().path, 'asia/middle-east/syria')
  const notEmpty = await app.inject({ method: 'DELETE', url: '/v1/sections/asia', headers: auth })
  t.equal(notEmpty.statusCode, 409)
  t.match(notEmpty.json().detail, /middle-east/)
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/sections/world', headers: auth })).statusCode, 204)
  t.equal((await app.inject('/v1/sections/world')).statusCode, 404)
  const events = await app.prisma.outboxEvent.findMany({ where: { resource: 'section' }, orderBy: { id: 'asc' } })
  t.same(events.map(e => `${e.resourceId} ${e.event}`), ['syria created', 'asia created', 'middle-east updated', 'world deleted'])
})

t.test('tags are a resource with public article counts; an editor describes one', async t => {
  const { app, auth } = await setup(t)
  const tags = (await app.inject('/v1/tags')).json()
  t.same(tags.data.map((tag: { slug: string, articleCount: number }) => [tag.slug, tag.articleCount]), [['diplomacy', 1], ['idlib', 1], ['syria', 1]])
  t.equal(tags.data[1].url, 'https://news.example/tags/idlib')
  const page = (await app.inject('/v1/tags?limit=2')).json()
  t.equal(page.data.length, 2)
  t.same((await app.inject(`/v1/tags?limit=2&cursor=${page.meta.nextCursor}`)).json().data.map((tag: { slug: string }) => tag.slug), ['syria'])
  t.same((await app.inject('/v1/tags?filter[slug][prefix]=sy')).json().data.map((tag: { slug: string }) => tag.slug), ['syria'])
  const described = await app.inject({ method: 'PATCH', url: '/v1/tags/idlib', headers: auth, payload: { description: 'The province in north-west Syria.' } })
  t.match(described.json(), { slug: 'idlib', name: 'Idlib', description: 'The province in north-west Syria.', articleCount: 1 })
  t.equal((await app.inject('/v1/tags/nothing')).statusCode, 404)
  t.equal((await app.inject('/v1/tags?filter[name]=x')).statusCode, 400)
})

t.test('the seed gives the summit story its section (World > Middle East), tags and author, idempotently', async t => {
  const { app } = await setup(t)
  const article = (await app.inject(`/v1/articles/${summitSlug}`)).json()
  t.same(article.section, { slug: 'middle-east', name: 'Middle East', path: 'world/middle-east' })
  t.same(article.authors.map((a: { slug: string }) => a.slug), ['dateline-staff'])
  t.same(article.tags.map((tag: { slug: string }) => tag.slug), ['syria', 'idlib', 'diplomacy'])
  const { importBundle, readBundleFile } = await import('../../../src/services/bundle.js')
  const report = await importBundle(app.writeDoor, await readBundleFile('prisma/seed/summit-story.json'), { actor: 'seed' })
  t.same(report.articles, { created: 0, updated: 0, unchanged: 1 }, 'loading the seed again changes nothing')
  t.equal(await app.prisma.section.count(), 2)
  t.equal(await app.prisma.author.count(), 1)
})
