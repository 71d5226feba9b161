import type { Db } from '../db/client.js'
import { notFound } from '../errors.js'
import type { ArticleListItem } from '../schemas/article.js'
import type { EntityRef } from '../schemas/common.js'
import type { NewsArticle, Related } from '../schemas/graph.js'
import type { Quote } from '../schemas/quote.js'
import type { ArticleService } from './articles.js'
import type { Readers } from './compose.js'
import type { QuoteService } from './quotes.js'
import { toNewsArticle } from './jsonld.js'
import type { ListQuery } from './list-query.js'
import type { Page } from './pagination.js'
import type { Site } from './site.js'
import { publicArticles, shownMentions } from './visibility.js'

// The news graph seen from an entity: the articles that mention it, what it said,
// who it stands with; and each article as schema.org JSON-LD (made in jsonld.ts).

export class GraphService {
  readonly #articles: ArticleService
  readonly #quotes: QuoteService

  constructor (private readonly db: Db, readers: Pick<Readers, 'articles' | 'quotes'>) {
    this.#articles = readers.articles
    this.#quotes = readers.quotes
  }

  async #entity (slug: string): Promise<EntityRef & { id: string }> {
    const entity = await this.db.entity.findUnique({ where: { slug }, select: { id: true, slug: true, kind: true, name: true } })
    if (!entity) throw notFound(`Entity "${slug}"`)
    return entity
  }

  /** The article list with `filter[entity]` (the route parses it), behind the entity's own 404. */
  async articles (slug: string, query: ListQuery): Promise<Page<ArticleListItem>> {
    await this.#entity(slug)
    return await this.#articles.listPublic(query)
  }

  async quotes (slug: string, query: { limit?: number, cursor?: string }): Promise<Page<Quote>> {
    const entity = await this.#entity(slug)
    return await this.#quotes.timeline(entity.id, query)
  }

  /** Entities named in the same published articles, weighted by how many, with the declared relations between them. */
  async related (slug: string, limit = 20): Promise<Related> {
    const entity = await this.#entity(slug)
    const coMentioned = await this.db.mention.groupBy({
      by: ['entityId'],
      where: {
        entityId: { not: entity.id },
        ...shownMentions,
        article: { ...publicArticles(), mentions: { some: { entityId: entity.id, ...shownMentions } } }
      },
      _count: { articleId: true },
      _sum: { count: true }
    })
    const relations = await this.db.entityRelation.findMany({
      where: { OR: [{ subjectId: entity.id, objectId: { not: null } }, { objectId: entity.id }] },
      // The article a relation came from is named only while it is public.
      include: { article: { select: { slug: true }, where: publicArticles() } },
      orderBy: [{ predicate: 'asc' }, { createdAt: 'asc' }]
    })
    const weights = new Map<string, Omit<Related['data'][number], 'entity'>>()
    const weight = (id: string) => weights.get(id) ?? weights.set(id, { articles: 0, mentions: 0, relations: [] }).get(id)!
    for (const row of coMentioned) Object.assign(weight(row.entityId), { articles: row._count.articleId, mentions: row._sum.count ?? 0 })
    for (const r of relations) {
      const outgoing = r.subjectId === entity.id
      const other = outgoing ? r.objectId! : r.subjectId
      if (other === entity.id) continue
      weight(other).relations.push({ predicate: r.predicate, direction: outgoing ? 'outgoing' : 'incoming', article: r.article?.slug ?? null })
    }
    const refs = new Map((await this.db.entity.findMany({
      where: { id: { in: [...weights.keys()] } },
      select: { id: true, slug: true, kind: true, name: true }
    })).map(e => [e.id, { slug: e.slug, kind: e.kind, name: e.name }]))
    const data = [...weights.entries()]
      .map(([id, w]) => ({ entity: refs.get(id)!, ...w }))
      .sort((a, b) => b.articles - a.articles || b.mentions - a.mentions || b.relations.length - a.relations.length || a.entity.name.localeCompare(b.entity.name))
      .slice(0, limit)
    return { entity: { slug: entity.slug, kind: entity.kind, name: entity.name }, data }
  }

  /** A published article as a schema.org NewsArticle, its URLs from the site's settings. */
  async jsonLd (slug: string, site: Site): Promise<NewsArticle> {
    return toNewsArticle(await this.#articles.getPublic(slug, ['entities', 'quotes']), site)
  }
}
