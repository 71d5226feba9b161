import type { PrismaClient } from '../db/client.js'
import type { Prisma } from '../generated/prisma/client.js'
import { articleList } from '../schemas/article.js'
import { entityList } from '../schemas/entity.js'
import { quoteList } from '../schemas/quote.js'
import { ArticleService } from '../services/articles.js'
import { EntityService } from '../services/entities.js'
import { parseListQuery } from '../services/list-query.js'
import { QuoteService } from '../services/quotes.js'
import type { SearchDialect } from '../services/search.js'

// The list, filter and search requests `npm run bench` measures, the same on every
// database: each as the URL autocannon loads and as the service call whose SQL the
// query plans are taken of.

/** Values to query with, taken from the corpus (the same in both sizes: entities and tags are generated first). */
export interface Sample { entity: string, word: string, country: string, tag: string }

export async function samples (prisma: PrismaClient): Promise<Sample> {
  // The n-th of its kind, or the last when the corpus holds fewer.
  const nth = async (kind: string, n: number) => prisma.entity.findFirstOrThrow({
    where: { kind }, orderBy: { slug: 'asc' }, skip: Math.max(0, Math.min(n, await prisma.entity.count({ where: { kind } }) - 1)), select: { slug: true, name: true }
  })
  const entity = await nth('leader', 7)
  const other = await nth('country', 3)
  const tag = await prisma.tag.findFirstOrThrow({ orderBy: { slug: 'asc' }, skip: Math.min(5, await prisma.tag.count() - 1), select: { slug: true } })
  return { entity: entity.slug, word: entity.name.split(' ')[0], country: other.slug, tag: tag.slug }
}

export interface Scenario { name: string, path: (s: Sample) => string, query: (s: Sample) => Record<string, unknown>, service: 'articles' | 'entities' | 'quotes' }

export const scenarios: Scenario[] = [
  { name: 'articles, newest 20', service: 'articles', path: () => '/v1/articles?limit=20', query: () => ({ limit: 20 }) },
  { name: 'articles, include=entities,quotes', service: 'articles', path: () => '/v1/articles?limit=20&include=entities,quotes', query: () => ({ limit: 20, include: 'entities,quotes' }) },
  { name: 'articles, sort=title', service: 'articles', path: () => '/v1/articles?sort=title', query: () => ({ sort: 'title' }) },
  { name: 'articles, filter[entity]', service: 'articles', path: s => `/v1/articles?filter[entity]=${s.entity}`, query: s => ({ 'filter[entity]': [s.entity] }) },
  { name: 'articles, filter[entity] + count', service: 'articles', path: s => `/v1/articles?filter[entity]=${s.entity}&count=true`, query: s => ({ 'filter[entity]': [s.entity], count: true }) },
  { name: 'articles, filter[tag] + publishedAt range', service: 'articles', path: s => `/v1/articles?filter[tag]=${s.tag}&filter[publishedAt][gte]=2022-01-01&filter[publishedAt][lt]=2023-01-01`, query: s => ({ 'filter[tag]': [s.tag], 'filter[publishedAt][gte]': '2022-01-01', 'filter[publishedAt][lt]': '2023-01-01' }) },
  { name: 'articles, q=<entity name>', service: 'articles', path: s => `/v1/articles?q=${encodeURIComponent(s.word)}`, query: s => ({ q: s.word }) },
  { name: 'entities, filter[kind]=leader', service: 'entities', path: () => '/v1/entities?filter[kind]=leader', query: () => ({ 'filter[kind]': 'leader' }) },
  { name: 'entities, filter[country]', service: 'entities', path: s => `/v1/entities?filter[country]=${s.country}`, query: s => ({ 'filter[country]': s.country }) },
  { name: 'entities, q=<name>', service: 'entities', path: s => `/v1/entities?q=${encodeURIComponent(s.word)}`, query: s => ({ q: s.word }) },
  { name: 'quotes, newest 20', service: 'quotes', path: () => '/v1/quotes', query: () => ({}) },
  { name: 'quotes, filter[speaker]', service: 'quotes', path: s => `/v1/quotes?filter[speaker]=${s.entity}`, query: s => ({ 'filter[speaker]': s.entity }) },
  { name: 'quotes, q=<words>', service: 'quotes', path: () => '/v1/quotes?q=ceasefire%20treaty', query: () => ({ q: 'ceasefire treaty' }) }
]

export interface Statement { scenario: string, sql: string, params: unknown[] }

/**
 * Every SQL statement the services send for each scenario, with its parameters, as
 * Prisma reports them. `prisma` must have been created with the `query` event on.
 */
export async function scenarioStatements (prisma: PrismaClient, search: SearchDialect, sample: Sample): Promise<Statement[]> {
  const statements: Statement[] = []
  let scenario = ''
  // createPrismaClient's type does not carry the log settings that make $on('query') typed.
  const events = prisma as unknown as { $on: (event: 'query', listener: (e: Prisma.QueryEvent) => void) => void }
  events.$on('query', e => { statements.push({ scenario, sql: e.query, params: JSON.parse(e.params) as unknown[] }) })
  const services = { articles: new ArticleService(prisma, search), entities: new EntityService(prisma, search), quotes: new QuoteService(prisma, search) }
  for (const s of scenarios) {
    scenario = s.name
    const query = s.query(sample)
    if (s.service === 'articles') await services.articles.listPublic(parseListQuery(articleList, query))
    else if (s.service === 'entities') await services.entities.list(parseListQuery(entityList, query))
    else await services.quotes.list(parseListQuery(quoteList, query))
  }
  return statements
}
