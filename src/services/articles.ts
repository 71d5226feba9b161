import type { Db } from '../db/client.js'
import type { Prisma } from '../generated/prisma/client.js'
import { notFound } from '../errors.js'
import { articleList, type Article, type ArticleInclude, type ArticleListItem, type ArticleSummary } from '../schemas/article.js'
import type { BundleArticle } from '../schemas/bundle.js'
import type { Offset } from './linker.js'
import { listPage } from './list-pipeline.js'
import { pickFields, related, scalar, whereOf, type Condition, type FilterMapper, type ListQuery } from './list-query.js'
import type { Page } from './pagination.js'
import { sqliteSearch } from '../db/dialects/search-sqlite.js'
import type { SearchDialect } from './search.js'
import { publicArticles, shownMentions, shownQuotes } from './visibility.js'
import { authorFilter, linksOf, resolveLinks, sectionFilter, withLinks, withState, writeLinks, type LinkRows } from './article-links.js'
import { bylineOf } from './authors.js'
import { toCorrection, withCorrections } from './corrections.js'
import { checkTags, tagSlug } from './tags.js'
import { changedFields, fillArticle } from '../schemas/article-fields.js'
import { columnsOf, editorialFields, stateOf } from './article-state.js'
import { toLeadImage, type ImageRow } from './images.js'
import type { Site } from './site.js'

export type Change = 'created' | 'updated' | 'unchanged'

export const withTags = { tags: { include: { tag: true }, orderBy: { position: 'asc' as const } } }
const withLeadImage = { images: { where: { role: 'lead' }, include: { image: true } } }

/**
 * How each whitelisted filter of articleList reaches the database. A tag's or an
 * entity's id is looked up first: joined by slug, PostgreSQL walked the whole
 * ArticleTag key in articleId order for a tag with few articles.
 */
function articleFilters (db: Db): Record<keyof typeof articleList.filters, FilterMapper> {
  return {
    slug: scalar('slug'),
    publishedAt: scalar('publishedAt'),
    updatedAt: scalar('updatedAt'),
    tag: related(
      slug => ({ tags: { some: { tag: { slug } } } }),
      async (slug, take) => {
        const tag = await db.tag.findUnique({ where: { slug }, select: { id: true } })
        if (!tag) return []
        return (await db.articleTag.findMany({ where: { tagId: tag.id }, select: { articleId: true }, orderBy: { articleId: 'asc' }, take })).map(r => r.articleId)
      }
    ),
    entity: related(
      slug => ({ mentions: { some: { entity: { slug }, ...shownMentions } } }),
      async (slug, take) => {
        const entity = await db.entity.findUnique({ where: { slug }, select: { id: true } })
        if (!entity) return []
        return (await db.mention.findMany({ where: { entityId: entity.id, ...shownMentions }, select: { articleId: true }, orderBy: { articleId: 'asc' }, take })).map(r => r.articleId)
      }
    ),
    dateline: scalar('dateline'),
    byline: scalar('byline'),
    author: authorFilter(db),
    section: sectionFilter(db)
  }
}

/** Prisma includes for `include=`: each relation is one batched query, whatever the page size. */
function relationsFor (include: readonly string[]) {
  return {
    ...withTags,
    ...withLinks,
    ...(include.includes('entities') ? { mentions: { where: shownMentions, include: { entity: true } } } : {}),
    ...(include.includes('quotes') ? { quotes: { where: shownQuotes, include: { speaker: true }, orderBy: [{ position: 'asc' as const }, { createdAt: 'asc' as const }] } } : {})
  }
}

type RelationRows = {
  mentions?: Array<{ count: number, offsets: string, source: string, entity: { slug: string, kind: string, name: string } }>
  quotes?: Array<{ id: string, text: string, context: string | null, position: number | null, verified: boolean, source: string, speaker: { slug: string, kind: string, name: string } | null }>
}

function embedded (row: RelationRows): Pick<Article, 'entities' | 'quotes'> {
  const out: Pick<Article, 'entities' | 'quotes'> = {}
  if (row.mentions) {
    out.entities = row.mentions
      .map(m => ({
        slug: m.entity.slug, kind: m.entity.kind, name: m.entity.name, count: m.count,
        offsets: JSON.parse(m.offsets) as Offset[], source: m.source
      }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
  }
  if (row.quotes) {
    out.quotes = row.quotes.map(q => ({
      id: q.id, text: q.text, context: q.context, position: q.position, verified: q.verified, source: q.source,
      speaker: q.speaker ? { slug: q.speaker.slug, kind: q.speaker.kind, name: q.speaker.name } : null
    }))
  }
  return out
}

type ArticleRow = {
  id: string, slug: string, title: string, standfirst: string | null, dateline: string | null, byline: string | null
  status: string, publishedAt: Date | null, modifiedAt: Date | null, updatedAt: Date
  tags: Array<{ tag: { slug: string, name: string } }>
  commentCount: number, likeCount: number
} & LinkRows

/**
 * When the article last changed editorially: its publish time, or a later change to
 * its content or a correction once public (modifiedAt). Status changes, likes and
 * comments are no edit, and loading the same content again changes nothing.
 */
export function dateModified (row: { publishedAt: Date | null, modifiedAt: Date | null }): string | null {
  if (!row.publishedAt) return null
  return (row.modifiedAt && row.modifiedAt > row.publishedAt ? row.modifiedAt : row.publishedAt).toISOString()
}

function toSummary (row: ArticleRow): ArticleSummary {
  const links = linksOf(row)
  return {
    slug: row.slug,
    title: row.title,
    standfirst: row.standfirst,
    dateline: row.dateline,
    byline: row.byline ?? bylineOf(links.authors.map(a => a.name)),
    authors: links.authors,
    section: links.section,
    tags: row.tags.map(t => ({ slug: t.tag.slug, name: t.tag.name })),
    // Between the scheduler's ticks a due article is already public: say so.
    status: row.status === 'scheduled' && isPublic(row, new Date()) ? 'published' : row.status,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    dateModified: dateModified(row),
    updatedAt: row.updatedAt.toISOString(),
    commentCount: row.commentCount,
    likeCount: row.likeCount
  }
}

const isPublic = (row: { status: string, publishedAt: Date | null }, now: Date) =>
  (row.status === 'published' || row.status === 'scheduled') && row.publishedAt !== null && row.publishedAt <= now

export class ArticleService {
  readonly #filters: ReturnType<typeof articleFilters>

  /** `site` makes the lead image's URLs; readers built without it (bench, list tests) never show one. */
  constructor (private readonly db: Db, private readonly search: SearchDialect = sqliteSearch, private readonly site?: Site) {
    this.#filters = articleFilters(db)
  }

  /** Published articles through the list grammar (see schemas/list-query.ts). */
  async listPublic (query: ListQuery): Promise<Page<ArticleListItem>> {
    const where = { AND: [publicArticles(), await whereOf(query.conditions, this.#filters)] }
    const include = relationsFor(query.include)
    return await listPage(query, {
      where,
      find: args => this.#find({ ...args, include }),
      count: where => this.db.article.count({ where }),
      total: () => this.#count(where, query.conditions),
      search: { db: this.db, dialect: this.search, target: 'articles' }
    }, row => pickFields({ ...toSummary(row), ...embedded(row) }, query.fields, query.include))
  }

  /** A public article; with `drafts` (a content:read token), one in any status. */
  async getPublic (slug: string, include: ArticleInclude[], options: { drafts?: boolean } = {}): Promise<Article> {
    const [row] = await this.#find({ where: { slug, ...(options.drafts ? {} : publicArticles()) }, include: { ...relationsFor(include), ...withCorrections, ...withLeadImage }, take: 1 })
    if (!row) throw notFound(`Article "${slug}"`)
    const { corrections, images } = row as unknown as { corrections: Array<{ id: string, kind: string, text: string, createdAt: Date }>, images: Array<{ image: ImageRow }> }
    const lead = images[0]?.image
    if (lead && !this.site) throw new Error('ArticleService was built without the site, so it cannot show a lead image')
    return {
      ...toSummary(row),
      body: row.body,
      commentsOpen: row.commentsOpen,
      version: row.version,
      leadImage: lead && this.site ? toLeadImage(lead, this.site) : null,
      corrections: corrections.map(toCorrection),
      ...embedded(row)
    }
  }

  /**
   * Creates or replaces an article by slug. Writes nothing when the stored article
   * already matches, so loading the same content twice changes nothing; otherwise
   * bumps the version and stores a revision naming the actor.
   */
  async upsert (input: BundleArticle, actor: string, pointer = ''): Promise<{ id: string, change: Change, before: { status: string } | null }> {
    const next = fillArticle(input.slug, input)
    const existing = await this.db.article.findUnique({ where: { slug: input.slug }, include: withState })
    const current = existing ? stateOf(existing) : null
    const changed = current ? changedFields(current, next) : []
    if (existing && changed.length === 0) return { id: existing.id, change: 'unchanged', before: existing }
    const { tags, authors, section, leadImage } = next
    const fields = columnsOf(next)
    checkTags(tags, pointer)
    const links = await resolveLinks(this.db, { authors, section, leadImage }, pointer)
    const tagIds = await this.#tagIds(tags)
    const tagRows = tagIds.map((tagId, position) => ({ tagId, position }))
    const version = existing ? existing.version + 1 : 1
    const now = new Date()
    // Only a change to what a reader sees as the story, once public, moves dateModified.
    const edited = existing && isPublic(existing, now) && changed.some(name => editorialFields.includes(name)) ? { modifiedAt: now } : {}
    const row = existing
      ? await this.db.article.update({
        where: { id: existing.id },
        data: { ...fields, ...edited, version, tags: { deleteMany: {}, create: tagRows } }
      })
      : await this.db.article.create({ data: { slug: input.slug, ...fields, tags: { create: tagRows } } })
    await writeLinks(this.db, row.id, links)
    await this.db.articleRevision.create({
      data: { articleId: row.id, version, actor, snapshot: JSON.stringify(next) }
    })
    return { id: row.id, change: existing ? 'updated' : 'created', before: existing ? { status: existing.status } : null }
  }

  /**
   * How many public articles a list's filters match. With a tag or an entity among
   * them, the count starts from that tag's (or entity's) rows and joins each to its
   * article: it costs the tag's size, where counting articles would test every
   * article ever published against the tag.
   */
  async #count (where: Prisma.ArticleWhereInput, conditions: Condition[]): Promise<number> {
    const by = conditions.find(c => (c.field === 'tag' || c.field === 'entity') && c.op === 'eq')
    if (!by) return await this.db.article.count({ where })
    const slug = Array.isArray(by.value) ? by.value[0] : String(by.value)
    return by.field === 'tag'
      ? await this.db.articleTag.count({ where: { tag: { slug }, article: where } })
      : await this.db.mention.count({ where: { entity: { slug }, ...shownMentions, article: where } })
  }

  /**
   * findMany with the relations relationsFor asked for, typed as such (Prisma cannot
   * infer a conditional include). The comment and like counts are columns of the
   * article, kept by triggers in every writer's transaction (migration article_counts).
   */
  async #find (args: Prisma.ArticleFindManyArgs): Promise<Array<ArticleRow & RelationRows & { body: string, commentsOpen: boolean, version: number }>> {
    return await this.db.article.findMany(args) as unknown as Array<ArticleRow & RelationRows & { body: string, commentsOpen: boolean, version: number }>
  }

  /** Tag ids by slug, kept for the life of this service (one request or one import's transaction). */
  readonly #tagCache = new Map<string, string>()

  async #tagIds (names: string[]): Promise<string[]> {
    const ids: string[] = []
    for (const name of names) {
      const slug = tagSlug(name)
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
