import t from 'tap'
import { build } from '../../helper.js'

// A scheduled article goes live by the clock: public answers say "published" once its
// time has come, and the scheduler stores it as published with one article.published
// event, however many ticks (or processes) race for it.

t.test('a due scheduled article is published once, with one article.published event', async t => {
  const app = await build(t, { SCHEDULER_INTERVAL_MS: '0' })
  const { token } = await app.tokens.create({ name: 'editor', scopes: ['content:write'] })
  const auth = { authorization: `Bearer ${token}` }
  const later = new Date(Date.now() + 3_600_000).toISOString()
  const created = await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { title: 'Embargoed', body: 'Text.', status: 'scheduled', publishedAt: later } })
  t.equal(created.statusCode, 201)
  t.equal((await app.inject('/v1/articles/embargoed')).statusCode, 404, 'not public before its time')
  t.same(await app.scheduler.publishDue(), [], 'nothing is due yet')

  // The clock passes the publish time (moved back rather than waited for).
  const due = new Date(Date.now() - 1000)
  await app.prisma.article.update({ where: { slug: 'embargoed' }, data: { publishedAt: due } })
  const early = await app.inject('/v1/articles/embargoed')
  t.equal(early.statusCode, 200)
  t.equal(early.json().status, 'published', 'public answers say published even before the scheduler runs')
  t.equal((await app.inject('/v1/articles?filter[slug]=embargoed')).json().data[0].status, 'published')

  const last = (await app.prisma.outboxEvent.aggregate({ _max: { id: true } }))._max.id ?? 0
  const [a, b] = await Promise.all([app.scheduler.publishDue(), app.scheduler.publishDue()])
  t.same([...a, ...b], ['embargoed'], 'two racing ticks publish it once')
  t.same(await app.scheduler.publishDue(), [], 'a later tick finds nothing')
  t.equal((await app.prisma.article.findUniqueOrThrow({ where: { slug: 'embargoed' } })).status, 'published', 'stored as published')
  const events = await app.prisma.outboxEvent.findMany({ where: { id: { gt: last } } })
  t.same(events.map(e => `${e.resource}.${e.event} ${e.resourceId}`), ['article.published embargoed'])
  t.match(JSON.parse(events[0].data!), { slug: 'embargoed', status: 'published', publishedAt: due.toISOString() })
  t.equal((await app.inject('/v1/articles/embargoed')).json().status, 'published')
})

t.test('SCHEDULER_INTERVAL_MS is validated', async t => {
  const { loadConfig } = await import('../../../src/config.js')
  t.equal(loadConfig({ SCHEDULER_INTERVAL_MS: '0' }, false).schedulerIntervalMs, 0)
  t.equal(loadConfig({}, false).schedulerIntervalMs, 15000)
  t.throws(() => loadConfig({ SCHEDULER_INTERVAL_MS: '-1' }, false), /SCHEDULER_INTERVAL_MS/)
})
