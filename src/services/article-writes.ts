import slugify from '@sindresorhus/slugify'
import type { ChangeLog } from '../db/unit-of-work.js'
import type { Db } from '../db/client.js'
import { ProblemError, notFound, validationType } from '../errors.js'
import type { Article } from '../schemas/article.js'
import type { UpsertOutcome } from '../schemas/common.js'
import type { ArticlePatch, ArticleWrite, Revision } from '../schemas/article-write.js'
import type { BundleArticle } from '../schemas/bundle.js'
import { withTags } from './articles.js'
import { reanalyzeArticle } from './analysis.js'
import { withLinks } from './article-links.js'
import { failIfAny, recordArticle, settle, type Status, type Stored } from './article-lifecycle.js'
import type { WriteDoor } from './compose.js'
import { lockRow, requireMatch } from './preconditions.js'

/** A PUT's outcome: created, or updated when the unit recorded a change, else unchanged (nothing written). */
export function upsertOutcome (created: boolean, changes: ChangeLog): UpsertOutcome {
  if (created) return 'created'
  return changes.changes.length > 0 ? 'updated' : 'unchanged'
}

// Editorial writes to articles: create, replace (PUT upsert), change (PATCH), delete,
// and revisions. Each runs in one transaction: If-Match is checked against the stored
// version, the status transition is checked, the article is written through
// ArticleService.upsert (which stores a revision naming the actor, and writes nothing
// when nothing changed), and its automatic mentions are brought up to date.

export { transitions, failIfAny } from './article-lifecycle.js'

export const articleVersionTag = (version: number) => `v${version}`

/** A slug from a title or name: diacritics folded ("Erdoğan" -> "erdogan"), at most 200 characters. */
export function slugFrom (text: string, pointer: string): string {
  const slug = slugify(text).slice(0, 200).replace(/-+$/, '')
  if (!slug) throw new ProblemError(400, `body ${pointer.slice(1)} has no letters or digits to make a slug from; send a slug.`, { type: validationType, errors: [{ in: 'body', pointer, message: 'has no letters or digits to make a slug from; send a slug' }] })
  return slug
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
  constructor (private readonly door: WriteDoor) {}

  async #write (tx: Db, changes: ChangeLog, current: Stored | null, input: BundleArticle, actor: string): Promise<Article> {
    const article = { ...input, publishedAt: settle(current, { status: input.status, publishedAt: input.publishedAt ?? null }) }
    const articles = this.door.readers(tx).articles
    const result = await articles.upsert(article, actor)
    if (result.change !== 'unchanged') await reanalyzeArticle(tx, result.id)
    const written = await articles.getPublic(input.slug, [], { drafts: true })
    recordArticle(changes, input.slug, result.before, written, result.change, written)
    return written
  }

  async create (input: ArticleWrite, actor: string): Promise<Article> {
    const slug = input.slug ?? slugFrom(input.title, '/title')
    return this.door.unitOfWork.run(async (tx, changes) => {
      if (await tx.article.findUnique({ where: { slug }, select: { id: true } })) {
        throw new ProblemError(409, `An article with the slug "${slug}" already exists; PUT /v1/articles/${slug} replaces it.`)
      }
      return this.#write(tx, changes, null, toBundle(slug, input), actor)
    })
  }

  /** Creates or replaces the article at this slug. */
  async put (slug: string, input: ArticleWrite, actor: string, ifMatch?: string): Promise<{ article: Article, outcome: UpsertOutcome }> {
    if (input.slug !== undefined && input.slug !== slug) failIfAny([{ in: 'body', pointer: '/slug', message: `must equal the slug in the path (${slug})` }])
    return this.door.unitOfWork.run(async (tx, changes) => {
      await lockRow(tx, 'Article', slug)
      const existing = await tx.article.findUnique({ where: { slug }, select: { status: true, publishedAt: true, version: true } })
      requireMatch(ifMatch, existing ? articleVersionTag(existing.version) : null, `Article "${slug}"`)
      const article = await this.#write(tx, changes, existing, toBundle(slug, input), actor)
      return { article, outcome: upsertOutcome(existing === null, changes) }
    })
  }

  async patch (slug: string, input: ArticlePatch, actor: string, ifMatch?: string): Promise<Article> {
    return this.door.unitOfWork.run(async (tx, changes) => {
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
      return this.#write(tx, changes, existing, merged, actor)
    })
  }

  async delete (slug: string, ifMatch?: string): Promise<void> {
    await this.door.unitOfWork.run(async (tx, changes) => {
      await lockRow(tx, 'Article', slug)
      const existing = await tx.article.findUnique({ where: { slug }, select: { id: true, version: true, status: true } })
      if (!existing) throw notFound(`Article "${slug}"`)
      requireMatch(ifMatch, articleVersionTag(existing.version), `Article "${slug}"`)
      await tx.article.delete({ where: { id: existing.id } })
      recordArticle(changes, slug, existing, null, 'deleted', { slug })
    })
  }

  async revisions (slug: string): Promise<Array<{ version: number, actor: string, createdAt: string }>> {
    const article = await this.door.db.article.findUnique({
      where: { slug },
      select: { revisions: { orderBy: { version: 'desc' }, select: { version: true, actor: true, createdAt: true } } }
    })
    if (!article) throw notFound(`Article "${slug}"`)
    return article.revisions.map(r => ({ ...r, createdAt: r.createdAt.toISOString() }))
  }

  async revision (slug: string, version: number, db: Db = this.door.db): Promise<Revision> {
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
    return this.door.unitOfWork.run(async (tx, changes) => {
      await lockRow(tx, 'Article', slug)
      const existing = await tx.article.findUnique({ where: { slug }, select: { status: true, publishedAt: true, version: true } })
      if (!existing) throw notFound(`Article "${slug}"`)
      requireMatch(ifMatch, articleVersionTag(existing.version), `Article "${slug}"`)
      const { article } = await this.revision(slug, version, tx)
      return this.#write(tx, changes, existing, {
        ...article,
        slug,
        status: existing.status as Status,
        publishedAt: existing.publishedAt?.toISOString() ?? null
      }, actor)
    })
  }
}
