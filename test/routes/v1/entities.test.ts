import t from 'tap'
import { build, summitSlug } from '../../helper.js'

t.test('GET /v1/entities lists entities by name, filtered by kind', async t => {
  const app = await build(t)
  const leaders = (await app.inject({ url: '/v1/entities?filter[kind]=leader' })).json()
  t.same(leaders.data.map((e: { name: string }) => e.name), ['Bashar al-Assad', 'Recep Tayyip Erdoğan', 'Vladimir Putin'])
  const erdogan = leaders.data[1]
  t.equal(erdogan.office, 'President of Turkey')
  t.same(erdogan.country, { slug: 'turkey', kind: 'country', name: 'Turkey' })
  t.ok(erdogan.aliases.some((a: { name: string }) => a.name === 'Erdogan'))

  const countries = (await app.inject({ url: '/v1/entities?filter[kind]=country' })).json()
  t.same(countries.data.map((e: { slug: string, isoCode: string }) => [e.slug, e.isoCode]), [['iran', 'IR'], ['russia', 'RU'], ['syria', 'SY'], ['turkey', 'TR']])
  const groups = (await app.inject({ url: '/v1/entities?filter[kind]=group' })).json()
  t.same(groups.data.map((e: { slug: string }) => e.slug).sort(), ['hayet-tahrir-al-sham', 'syrian-government-forces', 'syrian-rebels'])
})

t.test('entity pages walk the whole registry', async t => {
  const app = await build(t)
  const slugs: string[] = []
  let url: string | null = '/v1/entities?limit=5'
  while (url) {
    const page: { data: Array<{ slug: string }>, meta: { next: string | null } } = (await app.inject({ url })).json()
    slugs.push(...page.data.map((e: { slug: string }) => e.slug))
    url = page.meta.next
  }
  t.equal(slugs.length, 12)
  t.equal(new Set(slugs).size, 12)
})

t.test('an unknown kind is a 400 listing the allowed kinds', async t => {
  const app = await build(t)
  const res = await app.inject({ url: '/v1/entities?filter[kind]=planet' })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { errors: [{ in: 'query', pointer: '/filter[kind]', message: /country, leader, person, group, place, organization/ }] })
})

t.test('GET /v1/entities/{slug} has the declared relations both ways', async t => {
  const app = await build(t)
  const assad = (await app.inject({ url: '/v1/entities/bashar-al-assad' })).json()
  const rel = assad.relations.map((r: { subject: { slug: string }, predicate: string, object: { slug: string } }) => `${r.subject.slug} ${r.predicate} ${r.object.slug}`).sort()
  t.same(rel, ['bashar-al-assad leads syria', 'iran supports bashar-al-assad', 'russia supports bashar-al-assad'])

  const turkey = (await app.inject({ url: '/v1/entities/turkey' })).json()
  t.ok(turkey.relations.some((r: { predicate: string, object: { slug: string } }) => r.predicate === 'supports' && r.object.slug === 'syrian-rebels'))

  const hts = (await app.inject({ url: '/v1/entities/hayet-tahrir-al-sham' })).json()
  t.same(hts.relations[0].object, { slug: null, kind: null, name: 'al-Nusra Front' })
  t.ok(hts.aliases.some((a: { name: string, kind: string }) => a.name === 'al-Nusra Front' && a.kind === 'former_name'))

  const idlib = (await app.inject({ url: '/v1/entities/idlib' })).json()
  t.equal(idlib.kind, 'place')
  t.same(idlib.relations.map((r: { predicate: string, object: { slug: string } }) => [r.predicate, r.object.slug]), [['located_in', 'syria']])
})

t.test('an unknown entity is a 404', async t => {
  const app = await build(t)
  const res = await app.inject({ url: '/v1/entities/atlantis' })
  t.equal(res.statusCode, 404)
  t.match(res.headers['content-type'], /problem\+json/)
})

t.test('a relation names its article only while the article is public', async t => {
  const app = await build(t)
  const slugs = async () => (await app.inject({ url: '/v1/entities/turkey' })).json().relations.map((r: { article: string | null }) => r.article)
  t.ok((await slugs()).includes(summitSlug))
  await app.articles.upsert({ slug: summitSlug, title: 'Withdrawn', body: 'Text.', status: 'draft' }, 'test')
  t.notOk((await slugs()).includes(summitSlug))
})
