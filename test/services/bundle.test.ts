import t from 'tap'
import { importBundle, parseBundle, readBundleFile } from '../../src/services/bundle.js'
import { seedFile } from '../../src/plugins/app/seed.js'
import { build, summitSlug } from '../helper.js'

t.test('loading the seed twice changes nothing', async t => {
  const app = await build(t)
  const bundle = await readBundleFile(seedFile)
  const snapshot = async () => JSON.stringify(await Promise.all([
    app.prisma.article.findMany({ orderBy: { id: 'asc' } }),
    app.prisma.entity.findMany({ orderBy: { id: 'asc' }, include: { aliases: { orderBy: { id: 'asc' } } } }),
    app.prisma.entityRelation.findMany({ orderBy: { id: 'asc' } }),
    app.prisma.quote.findMany({ orderBy: { id: 'asc' } }),
    app.prisma.mention.findMany({ orderBy: { id: 'asc' } }),
    app.prisma.articleRevision.findMany({ orderBy: { id: 'asc' } })
  ]))
  const before = await snapshot()
  const report = await importBundle(app.writeDoor, bundle, { actor: 'test' })
  t.same(report, {
    dryRun: false,
    entities: { created: 0, updated: 0, unchanged: 12 },
    relations: { created: 0, updated: 0, unchanged: 8 },
    articles: { created: 0, updated: 0, unchanged: 1 },
    quotes: { created: 0, updated: 0, unchanged: 2 },
    mentions: { created: 0, updated: 0, unchanged: 1 },
    automaticQuotes: { created: 0, updated: 0, unchanged: 1 }
  })
  t.equal(await snapshot(), before, 'not a row written')
})

t.test('a changed article is updated with a new version and a revision naming the actor', async t => {
  const app = await build(t)
  const bundle = await readBundleFile(seedFile)
  bundle.articles![0].title = 'Iran and Russia reject Turkey’s ceasefire proposal'
  const report = await importBundle(app.writeDoor, bundle, { actor: 'desk' })
  t.same(report.articles, { created: 0, updated: 1, unchanged: 0 })
  const article = await app.prisma.article.findUniqueOrThrow({ where: { slug: summitSlug }, include: { revisions: { orderBy: { version: 'asc' } } } })
  t.equal(article.version, 2)
  t.same(article.revisions.map(r => [r.version, r.actor]), [[1, 'seed'], [2, 'desk']])
  t.equal(JSON.parse(article.revisions[1].snapshot).title, 'Iran and Russia reject Turkey’s ceasefire proposal')
})

t.test('a dry run reports the changes and writes nothing', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  const report = await importBundle(app.writeDoor, await readBundleFile(seedFile), { actor: 'test', dryRun: true })
  t.same(report.entities, { created: 12, updated: 0, unchanged: 0 })
  t.same(report.articles, { created: 1, updated: 0, unchanged: 0 })
  t.equal(await app.prisma.entity.count(), 0)
  t.equal(await app.prisma.article.count(), 0)
})

t.test('references to missing records are rejected whole, naming each one', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  const bundle = parseBundle({
    format: 'dateline-bundle',
    version: 1,
    entities: [{ slug: 'ankara', kind: 'place', name: 'Ankara', country: 'nowhere' }],
    articles: [{ slug: 'a', title: 'A', body: 'Text', status: 'draft' }],
    relations: [{ subject: 'ankara', predicate: 'located_in', object: 'atlantis' }],
    quotes: [{ article: 'missing', text: 'Words' }]
  })
  const error = await importBundle(app.writeDoor, bundle, { actor: 'test' }).catch((e: unknown) => e)
  t.match(error, {
    statusCode: 400,
    extras: { errors: [{ pointer: '/entities/0/country' }, { pointer: '/relations/0/subject' }, { pointer: '/relations/0/object' }, { pointer: '/quotes/0/article' }] }
  })
  t.equal(await app.prisma.article.count(), 0, 'nothing applied')
})

t.test('a malformed bundle is rejected naming the fields', async t => {
  const error = (() => { try { parseBundle({ format: 'dateline-bundle', version: 1, entities: [{ slug: 'Bad Slug', kind: 'planet', name: 'X', extra: 1 }] }) } catch (e) { return e } })()
  t.match(error, {
    statusCode: 400,
    extras: { errors: [{ pointer: '/entities/0' }] }
  })
})
