import t from 'tap'
import { createPrismaClient } from '../../src/db/client.js'
import { articleList } from '../../src/schemas/article.js'
import { ArticleService } from '../../src/services/articles.js'
import { importBundle } from '../../src/services/bundle.js'
import { parseListQuery } from '../../src/services/list-query.js'
import { searchFor } from '../../src/db/dialect.js'
import { build } from '../helper.js'

// include= must not cost a query per item: a page of 20 articles with their
// entities and quotes is a fixed number of SQL statements, the same as a page of 2.
t.test('a list with include=entities,quotes is a bounded number of queries (no N+1)', async t => {
  const app = await build(t)
  const articles = Array.from({ length: 30 }, (_, i) => ({
    slug: `story-${i}`,
    title: `Story ${i}`,
    body: `Vladimir Putin and Recep Tayyip Erdoğan met in Idlib, day ${i}.`,
    tags: ['Syria', `Day ${i}`],
    status: 'published' as const,
    publishedAt: new Date(Date.UTC(2020, 0, 1 + i)).toISOString()
  }))
  const quotes = articles.map(a => ({ article: a.slug, text: 'met in Idlib', speaker: 'vladimir-putin' }))
  await importBundle(app.writeDoor, { format: 'dateline-bundle', version: 1, articles, quotes }, { actor: 'test' })

  const statements: string[] = []
  // A client of its own on the suite's database, logging every statement it sends.
  const client = createPrismaClient(app.config, undefined, [{ emit: 'event', level: 'query' }])
  ;(client as unknown as { $on: (event: 'query', fn: (e: { query: string }) => void) => void }).$on('query', e => { statements.push(e.query) })
  t.teardown(() => client.$disconnect())
  const service = new ArticleService(client, searchFor(app.dialect.kind))

  const counted = async (query: Record<string, unknown>) => {
    statements.length = 0
    const page = await service.listPublic(parseListQuery(articleList, query))
    return { page, queries: statements.length }
  }

  const twenty = await counted({ limit: 20, include: 'entities,quotes' })
  t.equal(twenty.page.data.length, 20)
  t.ok(twenty.page.data.every(a => a.entities!.length === 3 && a.quotes!.length === 1), 'every item carries its entities and quotes')
  const two = await counted({ limit: 2, include: 'entities,quotes' })
  t.equal(two.queries, twenty.queries, 'the number of queries does not grow with the page')
  t.ok(twenty.queries <= 13, `articles, tags, tag names, authors (2), section (2), mentions, entities, quotes, speakers, comment and like counts: ${twenty.queries} queries`)

  const plain = await counted({ limit: 20 })
  t.ok(plain.queries < twenty.queries, 'without include, the relations are not read')

  const filtered = await counted({ limit: 20, include: 'entities', 'filter[entity]': ['vladimir-putin', 'idlib'], count: true })
  t.equal(filtered.page.total, 31)
  t.ok(filtered.queries <= 13 + 2 * 2, `filters and a total add no per-item queries, two per related slug: ${filtered.queries}`)

  const searched = await counted({ limit: 20, include: 'entities', q: 'idlib' })
  t.equal(searched.page.data.length, 20)
  t.ok(searched.queries <= 14, `a search page with includes: ${searched.queries} queries`)
})
