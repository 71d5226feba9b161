import t from 'tap'
import { build, summitSlug } from '../../../helper.js'

async function setup (t: Parameters<typeof build>[0], env: Record<string, string> = {}) {
  const app = await build(t, env)
  const write = { authorization: `Bearer ${(await app.tokens.create({ name: 'sync', scopes: ['content:write'] })).token}` }
  return { app, write }
}

const bundle = {
  format: 'dateline-bundle',
  version: 1,
  entities: [{ slug: 'aleppo', kind: 'place', name: 'Aleppo', country: 'syria' }],
  articles: [{ slug: 'aleppo-report', title: 'Report from Aleppo', body: 'Aleppo was quiet, Putin said nothing.', status: 'published', publishedAt: '2024-01-01T00:00:00.000Z' }],
  quotes: [{ article: 'aleppo-report', text: 'Aleppo was quiet', speaker: 'vladimir-putin' }]
}

t.test('POST /v1/import?dryRun=true reports and writes nothing; without it, writes all', async t => {
  const { app, write } = await setup(t)
  const dry = await app.inject({ method: 'POST', url: '/v1/import?dryRun=true', headers: write, payload: bundle })
  t.equal(dry.statusCode, 200)
  t.match(dry.json(), { dryRun: true, entities: { created: 1 }, articles: { created: 1 }, quotes: { created: 1 } })
  t.equal(await app.prisma.entity.count({ where: { slug: 'aleppo' } }), 0, 'nothing written')

  const real = await app.inject({ method: 'POST', url: '/v1/import', headers: write, payload: bundle })
  t.match(real.json(), { dryRun: false, entities: { created: 1 }, articles: { created: 1 }, quotes: { created: 1 } })
  const revision = await app.prisma.articleRevision.findFirstOrThrow({ where: { article: { slug: 'aleppo-report' } } })
  t.equal(revision.actor, 'sync', 'the revision names the token')
  const again = await app.inject({ method: 'POST', url: '/v1/import', headers: write, payload: bundle })
  t.match(again.json(), { entities: { created: 0, unchanged: 1 }, articles: { unchanged: 1 }, quotes: { unchanged: 1 } })
})

t.test('a bad bundle is a 400 naming each bad record, and nothing is written', async t => {
  const { app, write } = await setup(t)
  const schemaBad = await app.inject({ method: 'POST', url: '/v1/import', headers: write, payload: { ...bundle, articles: [{ ...bundle.articles[0], status: 'live', extra: 1 }] } })
  t.equal(schemaBad.statusCode, 400)
  t.same(schemaBad.json().errors.map((e: { pointer: string }) => e.pointer).sort(), ['/articles/0/extra', '/articles/0/status'])
  for (const error of schemaBad.json().errors) t.match(error.message, /^article "aleppo-report": /, 'each error names the record by slug, not only by index')
  t.match(schemaBad.json().detail, /\/articles\/0\/status article "aleppo-report": /)
  const refBad = await app.inject({ method: 'POST', url: '/v1/import', headers: write, payload: { ...bundle, quotes: [{ article: 'aleppo-report', text: 'x', speaker: 'nobody' }] } })
  t.equal(refBad.statusCode, 400)
  t.match(refBad.json(), { errors: [{ pointer: '/quotes/0/speaker', message: 'quote in article "aleppo-report": names no entity in the bundle or the database' }] })
  t.match(refBad.json().detail, /quote in article "aleppo-report"/)
  const sectionBad = await app.inject({ method: 'POST', url: '/v1/import', headers: write, payload: { ...bundle, articles: [{ ...bundle.articles[0], section: 'nowhere' }] } })
  t.equal(sectionBad.statusCode, 400)
  t.match(sectionBad.json().errors, [{ pointer: /^\/articles\/0/, message: /^article "aleppo-report": / }], 'a check made while writing names the record too')
  t.equal(await app.prisma.article.count({ where: { slug: 'aleppo-report' } }), 0, 'all or nothing')
})

t.test('GET /v1/export gives the published corpus, which imports back to the same state', async t => {
  const { app, write } = await setup(t)
  await app.articles.upsert({ slug: 'a-draft', title: 'Draft', body: 'Iran.', status: 'draft' }, 'test')
  const res = await app.inject({ url: '/v1/export', headers: write })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['cache-control'], 'no-store')
  const exported = res.json()
  t.same(exported.articles.map((a: { slug: string }) => a.slug), [summitSlug], 'drafts are not exported')
  t.equal(exported.entities.length, 12)
  t.equal(exported.quotes.length, 2)

  const back = await app.inject({ method: 'POST', url: '/v1/import', headers: write, payload: exported })
  t.same(back.json(), {
    dryRun: false,
    entities: { created: 0, updated: 0, unchanged: 12 },
    relations: { created: 0, updated: 0, unchanged: 8 },
    articles: { created: 0, updated: 0, unchanged: 1 },
    quotes: { created: 0, updated: 0, unchanged: 2 },
    mentions: { created: 0, updated: 0, unchanged: 1 }
  }, 'importing the export into its source changes nothing')

  const { app: empty, write: emptyWrite } = await setup(t, { SEED_ON_START: 'never' })
  t.equal((await empty.inject({ method: 'POST', url: '/v1/import', headers: emptyWrite, payload: exported })).statusCode, 200)
  const copy = (await empty.inject({ url: '/v1/export', headers: emptyWrite })).json()
  t.same(copy, exported, 'a fresh database holds the same corpus')
  const article = (url: string, a: typeof app) => a.inject({ url }).then(r => r.json())
  const url = `/v1/articles/${summitSlug}?include=entities,quotes`
  const [source, target] = await Promise.all([article(url, app), article(url, empty)])
  const comparable = (a: { quotes: Array<{ id?: string }> }) => ({ ...a, updatedAt: null, quotes: a.quotes.map(({ id, ...q }) => q) })
  t.same(comparable(target), comparable(source), 'the article reads the same, entities and quotes included (ids aside)')
})
