import slugify from '@sindresorhus/slugify'
import type { Db } from '../db/client.js'
import { notFound } from '../errors.js'
import type { Article, ArticleInclude, ArticleSummary } from '../schemas/article.js'
import type { BundleArticle } from '../schemas/bundle.js'
import type { PageMeta } from '../schemas/common.js'
import type { Offset } from './linker.js'
import { afterCursor, decodeCursor, orderBy, toPage, type SortKey } from './pagination.js'
import { publicArticles } from './visibility.js'

export type Change = 'created' | 'updated' | 'unchanged'

const newestFirst: SortKey[] = [
  { field: 'publishedAt', direction: 'desc', type: 'date' },
  { field: 'id', direction: 'desc', type: 'string' }
]

export const withTags = { tags: { include: { tag: true }, orderBy: { position: 'asc' as const } } }

interface ArticleRow {
  id: string, slug: string, title: string, standfirst: string | null, dateline: string | null, byline: string | null
  status: string, publishedAt: Date | null, updatedAt: Date
  tags: Array<{ tag: { slug: string, name: string } }>
}

function toSummary (row: ArticleRow): ArticleSummary {
  return {
    slug: row.slug,
    title: row.title,
    standfirst: row.standfirst,
    dateline: row.dateline,
    byline: row.byline,
    tags: row.tags.map(t => ({ slug: t.tag.slug, name: t.tag.name })),
    status: row.status,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString()
  }
}

/** The editable state of an article, as revisions store it and imports compare it. */
export function editable (a: BundleArticle) {
  return {
    title: a.title,
    standfirst: a.standfirst ?? null,
    body: a.body,
    dateline: a.dateline ?? null,
    byline: a.byline ?? null,
    status: a.status,
    publishedAt: a.publishedAt ? new Date(a.publishedAt) : null,
    commentsOpen: a.commentsOpen ?? true,
    tags: a.tags ?? []
  }
}

type Editable = Omit<ReturnType<typeof editable>, 'status'> & { status: string }

function sameState (a: Editable, b: Editable): boolean {
  return a.title === b.title && a.standfirst === b.standfirst && a.body === b.body &&
    a.dateline === b.dateline && a.byline === b.byline && a.status === b.status &&
    (a.publishedAt?.getTime() ?? null) === (b.publishedAt?.getTime() ?? null) &&
    a.commentsOpen === b.commentsOpen && JSON.stringify(a.tags) === JSON.stringify(b.tags)
}

export class ArticleService {
  constructor (private readonly db: Db) {}

  async listPublic (query: { limit?: number, cursor?: string }, requestUrl: string): Promise<{ data: ArticleSummary[], meta: PageMeta }> {
    const limit = query.limit ?? 20
    const after = decodeCursor(query.cursor, newestFirst)
    const rows = await this.db.article.findMany({
      where: { AND: [publicArticles(), afterCursor(newestFirst, after)] },
      orderBy: orderBy(newestFirst),
      take: limit + 1,
      include: withTags
    })
    const page = toPage(rows, limit, newestFirst, requestUrl)
    return { data: page.rows.map(toSummary), meta: page.meta }
  }

  /** A public article; with `drafts` (a content:read token), one in any status. */
  async getPublic (slug: string, include: ArticleInclude[], options: { drafts?: boolean } = {}): Promise<Article> {
    const row = await this.db.article.findFirst({ where: { slug, ...(options.drafts ? {} : publicArticles()) }, include: withTags })
    if (!row) throw notFound(`Article "${slug}"`)
    const article: Article = { ...toSummary(row), body: row.body, commentsOpen: row.commentsOpen, version: row.version }
    if (include.includes('entities')) {
      const mentions = await this.db.mention.findMany({ where: { articleId: row.id }, include: { entity: true } })
      article.entities = mentions
        .map(m => ({
          slug: m.entity.slug, kind: m.entity.kind, name: m.entity.name, count: m.count,
          offsets: JSON.parse(m.offsets) as Offset[], source: m.source
        }))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    }
    if (include.includes('quotes')) {
      const quotes = await this.db.quote.findMany({
        where: { articleId: row.id },
        include: { speaker: true },
        orderBy: [{ position: 'asc' }, { createdAt: 'asc' }]
      })
      article.quotes = quotes.map(q => ({
        id: q.id, text: q.text, context: q.context, position: q.position, verified: q.verified,
        speaker: q.speaker ? { slug: q.speaker.slug, kind: q.speaker.kind, name: q.speaker.name } : null
      }))
    }
    return article
  }

  /**
   * Creates or replaces an article by slug. Writes nothing when the stored article
   * already matches, so loading the same content twice changes nothing; otherwise
   * bumps the version and stores a revision naming the actor.
   */
  async upsert (input: BundleArticle, actor: string): Promise<{ id: string, change: Change }> {
    const next = editable(input)
    const existing = await this.db.article.findUnique({ where: { slug: input.slug }, include: withTags })
    if (existing) {
      const current: Editable = { ...existing, tags: existing.tags.map(t => t.tag.name) }
      if (sameState(current, next)) return { id: existing.id, change: 'unchanged' }
    }
    const { tags, ...fields } = next
    const tagIds = await this.#tagIds(tags)
    const tagRows = tagIds.map((tagId, position) => ({ tagId, position }))
    const version = existing ? existing.version + 1 : 1
    const row = existing
      ? await this.db.article.update({
        where: { id: existing.id },
        data: { ...fields, version, tags: { deleteMany: {}, create: tagRows } }
      })
      : await this.db.article.create({ data: { slug: input.slug, ...fields, tags: { create: tagRows } } })
    await this.db.articleRevision.create({
      data: { articleId: row.id, version, actor, snapshot: JSON.stringify({ slug: input.slug, ...next }) }
    })
    return { id: row.id, change: existing ? 'updated' : 'created' }
  }

  /** Tag ids by slug, kept for the life of this service (one request or one import's transaction). */
  readonly #tagCache = new Map<string, string>()

  async #tagIds (names: string[]): Promise<string[]> {
    const ids: string[] = []
    for (const name of names) {
      const slug = slugify(name)
      let id = this.#tagCache.get(slug)
      if (id === undefined) {
        id = (await this.db.tag.upsert({ where: { slug }, create: { slug, name }, update: {} })).id
        this.#tagCache.set(slug, id)
      }
      ids.push(id)
    }
    return ids
  }
}
