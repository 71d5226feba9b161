import t from 'tap'
import { createDialect, column } from '../../src/db/dialect.js'
import { Prisma } from '../../src/generated/prisma/client.js'
import { build, onPostgresql, summitSlug, testConfig } from '../helper.js'

// One Dialect per database; these run against whichever the suite runs on
// (SQLite by default, PostgreSQL with TEST_DATABASE_URL).

t.test('the dialect is the one the URL names', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  t.equal(app.dialect.kind, onPostgresql ? 'postgresql' : 'sqlite')
})

t.test('containsIgnoringCase matches whatever the case', async t => {
  const app = await build(t)
  const found = await app.prisma.entity.findMany({ where: { name: app.dialect.containsIgnoringCase('iRAN') }, select: { slug: true } })
  t.ok(found.some(e => e.slug === 'iran'), 'Iran found by "iRAN"')
  const exact = await app.prisma.entity.findMany({ where: { name: app.dialect.containsIgnoringCase('Iran') }, select: { slug: true } })
  t.same(found.map(e => e.slug).sort(), exact.map(e => e.slug).sort())
})

t.test('JSON kept in text columns can be read in SQL', async t => {
  const app = await build(t)
  const { dialect } = app
  const [revision] = await app.prisma.$queryRaw<Array<{ slug: string | null, missing: string | null }>>(
    Prisma.sql`SELECT ${dialect.jsonText(column('snapshot'), 'slug')} AS slug, ${dialect.jsonText(column('snapshot'), 'nope')} AS missing
      FROM "ArticleRevision" ORDER BY "version" LIMIT 1`)
  t.equal(revision.slug, summitSlug)
  t.equal(revision.missing, null)
  const rows = await app.prisma.$queryRaw<Array<{ n: number | bigint }>>(
    Prisma.sql`SELECT ${dialect.jsonArrayLength(column('offsets'))} AS n FROM "Mention" ORDER BY "count" DESC`)
  const mentions = await app.prisma.mention.findMany({ orderBy: { count: 'desc' } })
  t.ok(rows.length > 0)
  t.same(rows.map(r => Number(r.n)), mentions.map(m => (JSON.parse(m.offsets) as unknown[]).length))
})

t.test('withLock makes holders of one lock take turns; once skips while it is held', async t => {
  const config = testConfig(t, { SEED_ON_START: 'never' })
  // Two dialect objects stand for two instances: on PostgreSQL each takes the lock on a connection of its own.
  const first = createDialect(config)
  const second = onPostgresql ? createDialect(config) : first
  const events: string[] = []
  let release!: () => void
  const held = new Promise<void>(resolve => { release = resolve })
  let entered!: () => void
  const inside = new Promise<void>(resolve => { entered = resolve })
  const a = first.withLock('test:lock', async () => { events.push('a in'); entered(); await held; events.push('a out') })
  await inside
  const skipped = await second.once('test:lock', async () => { events.push('once ran') })
  t.same(skipped, { ran: false }, 'once does not run while another holds the lock')
  const b = second.withLock('test:lock', async () => { events.push('b in') })
  await new Promise(resolve => setTimeout(resolve, 150))
  t.same(events, ['a in'], 'the second holder waits')
  release()
  await Promise.all([a, b])
  t.same(events, ['a in', 'a out', 'b in'])
  t.same(await second.once('test:lock', async () => 42), { ran: true, value: 42 }, 'free again')
  t.equal(await first.withLock('test:other', async () => 'x'), 'x')
})

t.test('full-text search runs on this database\'s own engine, folding case and diacritics', async t => {
  const app = await build(t)
  const found = (await app.inject({ url: '/v1/entities?q=ERDOGAN' })).json()
  t.same(found.data.map((e: { slug: string }) => e.slug), ['recep-tayyip-erdogan'])
  t.match(found.data[0].match.snippet, /<mark>Erdoğan<\/mark>/)
  const quotes = (await app.inject({ url: '/v1/quotes?q=humanitarian%20trag*' })).json()
  t.same(quotes.data.map((q: { speaker: { slug: string } }) => q.speaker.slug), ['recep-tayyip-erdogan'], 'the last word is a prefix when it ends with *')
})
