import slugify from '@sindresorhus/slugify'
import type { Db, PrismaClient } from '../db/client.js'
import { ProblemError, notFound, validationType, type FieldError } from '../errors.js'
import type { Article } from '../schemas/article.js'
import type { ArticlePatch, ArticleWrite, Revision } from '../schemas/article-write.js'
import type { BundleArticle } from '../schemas/bundle.js'
import { ArticleService, withTags } from './articles.js'
import { reanalyzeArticle } from './analysis.js'
import { withLinks } from './article-links.js'
import { inWriteTransaction, lockRow, requireMatch } from './preconditions.js'

// Editorial writes to articles: create, replace (PUT upsert), change (PATCH), delete,
// and revisions. Each runs in one transaction: If-Match is checked against the stored
// version, the status transition is checked, the article is written through
// ArticleService.upsert (which stores a revision naming the actor, and writes nothing
// when nothing changed), and its automatic mentions are brought up to date.

type Status = BundleArticle['status']

/** Where each status may go. A new article may start in any status (imports of old content). */
export const transitions: Record<Status, Status[]> = {
  draft: ['scheduled', 'published', 'archived'],
  scheduled: ['draft', 'published', 'archived'],
  published: ['draft', 'archived'],
  archived: ['draft', 'published']
}

export const articleVersionTag = (version: number) => `v${version}`

/** A slug from a title or name: diacritics folded ("Erdoğan" -> "erdogan"), at most 200 characters. */
export function slugFrom (text: string, pointer: string): string {
  const slug = slugify(text).slice(0, 200).replace(/-+$/, '')
  if (!slug) throw new ProblemError(400, `body ${pointer.slice(1)} has no letters or digits to make a slug from; send a slug.`, { type: validationType, errors: [{ in: 'body', pointer, message: 'has no letters or digits to make a slug from; send a slug' }] })
  return slug
}

export function failIfAny (errors: FieldError[]): void {
  if (errors.length === 0) return
  throw new ProblemError(400, errors.map(e => `${e.in} ${e.pointer} ${e.message}`).join('; '), { type: validationType, errors })
}

interface Stored { status: string, publishedAt: Date | null }

/**
 * Checks a change of status and publish time, and fills in publishedAt for an
 * article published without one. Returns the publishedAt to store.
 */
function settle (current: Stored | null, next: { status: Status, publishedAt: string | null }, now = new Date()): string | null {
  const errors: FieldError[] = []
  const statusChanged = current === null || current.status !== next.status
  const timeChanged = current === null || (current.publishedAt?.toISOString() ?? null) !== (next.publishedAt ? new Date(next.publishedAt).toISOString() : null)
  if (current && statusChanged && !(transitions[current.status as Status] ?? []).includes(next.status)) {
    errors.push({ in: 'body', pointer: '/status', message: `cannot go from ${current.status} to ${next.status}; from ${current.status} it may go to: ${transitions[current.status as Status].join(', ')}` })
  }
  let publishedAt = next.publishedAt
  if (next.status === 'scheduled') {
    if (!publishedAt) errors.push({ in: 'body', pointer: '/publishedAt', message: 'is required when status is scheduled' })
    else if ((statusChanged || timeChanged) && new Date(publishedAt) <= now) errors.push({ in: 'body', pointer: '/publishedAt', message: 'must be in the future for a scheduled article (or use status published)' })
  }
  if (next.status === 'published') {
    // Without a time, publishing keeps the time it first went public (so PUTting the
    // same published article again changes nothing), or else publishes now.
    if (!publishedAt) publishedAt = (current?.publishedAt && current.publishedAt <= now ? current.publishedAt : now).toISOString()
    else if ((statusChanged || timeChanged) && new Date(publishedAt) > now) errors.push({ in: 'body', pointer: '/publishedAt', message: 'is in the future: use status scheduled to publish later' })
  }
  failIfAny(errors)
  return publishedAt
}

function toBundle (slug: string, input: ArticleWrite): BundleArticle {
  return {
    slug,
    title: input.title,
    standfirst: input.standfirst ?? null,
    body: input.body,
    dateline: input.dateline ?? null,
    byline: input.byline ?? null,
    tags: input.tags ?? [],
    authors: input.authors ?? [],
    section: input.section ?? null,
    status: input.status ?? 'draft',
    publishedAt: input.publishedAt ?? null,
    commentsOpen: input.commentsOpen ?? true
  }
}

export class ArticleWriter {
  constructor (private readonly prisma: PrismaClient) {}

  async #write (tx: Db, current: Stored | null, input: BundleArticle, actor: string): Promise<Article> {
    const article = { ...input, publishedAt: settle(current, { status: input.status, publishedAt: input.publishedAt ?? null }) }
    const result = await new ArticleService(tx).upsert(article, actor)
    if (result.change !== 'unchanged') await reanalyzeArticle(tx, result.id)
    return new ArticleService(tx).getPublic(input.slug, [], { drafts: true })
  }

  async create (input: ArticleWrite, actor: string): Promise<Article> {
    const slug = input.slug ?? slugFrom(input.title, '/title')
    return inWriteTransaction(this.prisma, async tx => {
      if (await tx.article.findUnique({ where: { slug }, select: { id: true } })) {
        throw new ProblemError(409, `An article with the slug "${slug}" already exists; PUT /v1/articles/${slug} replaces it.`)
      }
      return this.#write(tx, null, toBundle(slug, input), actor)
    })
  }

  /** Creates or replaces the article at this slug. */
  async put (slug: string, input: ArticleWrite, actor: string, ifMatch?: string): Promise<{ article: Article, created: boolean }> {
    if (input.slug !== undefined && input.slug !== slug) failIfAny([{ in: 'body', pointer: '/slug', message: `must equal the slug in the path (${slug})` }])
    return inWriteTransaction(this.prisma, async tx => {
      await lockRow(tx, 'Article', slug)
      const existing = await tx.article.findUnique({ where: { slug }, select: { status: true, publishedAt: true, version: true } })
      requireMatch(ifMatch, existing ? articleVersionTag(existing.version) : null, `Article "${slug}"`)
      return { article: await this.#write(tx, existing, toBundle(slug, input), actor), created: existing === null }
    })
  }

  async patch (slug: string, input: ArticlePatch, actor: string, ifMatch?: string): Promise<Article> {
    return inWriteTransaction(this.prisma, async tx => {
      await lockRow(tx, 'Article', slug)
      const existing = await tx.article.findUnique({ where: { slug }, include: { ...withTags, ...withLinks } })
      if (!existing) throw notFound(`Article "${slug}"`)
      requireMatch(ifMatch, articleVersionTag(existing.version), `Article "${slug}"`)
      const merged: BundleArticle = {
        slug,
        title: input.title ?? existing.title,
        standfirst: input.standfirst !== undefined ? input.standfirst : existing.standfirst,
        body: input.body ?? existing.body,
        dateline: input.dateline !== undefined ? input.dateline : existing.dateline,
        byline: input.byline !== undefined ? input.byline : existing.byline,
        tags: input.tags ?? existing.tags.map(t => t.tag.name),
        authors: input.authors ?? existing.authors.map(a => a.author.slug),
        section: input.section !== undefined ? input.section : existing.section?.section.slug ?? null,
        status: input.status ?? existing.status as Status,
        publishedAt: input.publishedAt !== undefined ? input.publishedAt : existing.publishedAt?.toISOString() ?? null,
        commentsOpen: input.commentsOpen ?? existing.commentsOpen
      }
      return this.#write(tx, existing, merged, actor)
    })
  }

  async delete (slug: string, ifMatch?: string): Promise<void> {
    await inWriteTransaction(this.prisma, async tx => {
      await lockRow(tx, 'Article', slug)
      const existing = await tx.article.findUnique({ where: { slug }, select: { id: true, version: true } })
      if (!existing) throw notFound(`Article "${slug}"`)
      requireMatch(ifMatch, articleVersionTag(existing.version), `Article "${slug}"`)
      await tx.article.delete({ where: { id: existing.id } })
    })
  }

  async revisions (slug: string): Promise<Array<{ version: number, actor: string, createdAt: string }>> {
    const article = await this.prisma.article.findUnique({
      where: { slug },
      select: { revisions: { orderBy: { version: 'desc' }, select: { version: true, actor: true, createdAt: true } } }
    })
    if (!article) throw notFound(`Article "${slug}"`)
    return article.revisions.map(r => ({ ...r, createdAt: r.createdAt.toISOString() }))
  }

  async revision (slug: string, version: number, db: Db = this.prisma): Promise<Revision> {
    const row = await db.articleRevision.findFirst({ where: { version, article: { slug } } })
    if (!row) throw notFound(`Revision ${version} of article "${slug}"`)
    const snapshot = JSON.parse(row.snapshot) as Revision['article']
    return {
      version: row.version,
      actor: row.actor,
      createdAt: row.createdAt.toISOString(),
      article: {
        slug: snapshot.slug,
        title: snapshot.title,
        standfirst: snapshot.standfirst ?? null,
        body: snapshot.body,
        dateline: snapshot.dateline ?? null,
        byline: snapshot.byline ?? null,
        tags: snapshot.tags ?? [],
        authors: snapshot.authors ?? [],
        section: snapshot.section ?? null,
        status: snapshot.status,
        publishedAt: snapshot.publishedAt ?? null,
        commentsOpen: snapshot.commentsOpen ?? true
      }
    }
  }

  /**
   * Brings back a revision's content (title, standfirst, body, dateline, byline, tags,
   * comments setting) as a new version. Status and publish time stay as they are now:
   * restoring wording never publishes or unpublishes an article.
   */
  async restore (slug: string, version: number, actor: string, ifMatch?: string): Promise<Article> {
    return inWriteTransaction(this.prisma, async tx => {
      await lockRow(tx, 'Article', slug)
      const existing = await tx.article.findUnique({ where: { slug }, select: { status: true, publishedAt: true, version: true } })
      if (!existing) throw notFound(`Article "${slug}"`)
      requireMatch(ifMatch, articleVersionTag(existing.version), `Article "${slug}"`)
      const { article } = await this.revision(slug, version, tx)
      return this.#write(tx, existing, {
        ...article,
        slug,
        status: existing.status as Status,
        publishedAt: existing.publishedAt?.toISOString() ?? null
      }, actor)
    })
  }
}
