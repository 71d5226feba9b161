import type { ChangeLog } from '../db/unit-of-work.js'
import type { Db } from '../db/client.js'
import { ProblemError, notFound, validationType } from '../errors.js'
import type { Article } from '../schemas/article.js'
import type { UpsertOutcome } from '../schemas/common.js'
import type { ArticlePatch, ArticleWrite, Revision } from '../schemas/article-write.js'
import { fillArticle, type ArticleState } from '../schemas/article-fields.js'
import { restoredFields, stateOf } from './article-state.js'
import { withState } from './article-links.js'
import { reanalyzeArticle } from './analysis.js'
import { failIfAny, recordArticle, settle, type Stored } from './article-lifecycle.js'
import type { WriteDoor } from './compose.js'
import { lockRow, requireMatch } from './preconditions.js'
import { slugFrom } from './slugs.js'

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


export const articleVersionTag = (version: number) => `v${version}`


export class ArticleWriter {
  constructor (private readonly door: WriteDoor) {}

  async #write (tx: Db, changes: ChangeLog, current: Stored | null, input: ArticleState, actor: string): Promise<Article> {
    const article = { ...input, publishedAt: settle(current, { status: input.status, publishedAt: input.publishedAt ?? null }) }
    const articles = this.door.readers(tx).articles
    const result = await articles.upsert(article, actor)
    if (result.change !== 'unchanged') await reanalyzeArticle(tx, result.id, await this.door.analyzers.current(tx))
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
      return this.#write(tx, changes, null, fillArticle(slug, input), actor)
    })
  }

  /** Creates or replaces the article at this slug. */
  async put (slug: string, input: ArticleWrite, actor: string, ifMatch?: string): Promise<{ article: Article, outcome: UpsertOutcome }> {
    if (input.slug !== undefined && input.slug !== slug) failIfAny([{ in: 'body', pointer: '/slug', message: `must equal the slug in the path (${slug})` }])
    return this.door.unitOfWork.run(async (tx, changes) => {
      await lockRow(tx, 'Article', slug)
      const existing = await tx.article.findUnique({ where: { slug }, select: { status: true, publishedAt: true, version: true } })
      requireMatch(ifMatch, existing ? articleVersionTag(existing.version) : null, `Article "${slug}"`)
      const article = await this.#write(tx, changes, existing, fillArticle(slug, input), actor)
      return { article, outcome: upsertOutcome(existing === null, changes) }
    })
  }

  async patch (slug: string, input: ArticlePatch, actor: string, ifMatch?: string): Promise<Article> {
    return this.door.unitOfWork.run(async (tx, changes) => {
      await lockRow(tx, 'Article', slug)
      const existing = await tx.article.findUnique({ where: { slug }, include: withState })
      if (!existing) throw notFound(`Article "${slug}"`)
      requireMatch(ifMatch, articleVersionTag(existing.version), `Article "${slug}"`)
      const merged = fillArticle(slug, input, stateOf(existing))
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
    // Snapshots written before a field existed lack it: it reads as its default.
    const snapshot = JSON.parse(row.snapshot) as Partial<ArticleState> & { slug: string }
    return {
      version: row.version,
      actor: row.actor,
      createdAt: row.createdAt.toISOString(),
      article: fillArticle(snapshot.slug, snapshot)
    }
  }

  /**
   * Brings back a revision's content (the fields whose rule says `restored`: wording,
   * tags, authors, section, comments setting) as a new version. Status and publish time stay as they are now:
   * restoring wording never publishes or unpublishes an article.
   */
  async restore (slug: string, version: number, actor: string, ifMatch?: string): Promise<Article> {
    return this.door.unitOfWork.run(async (tx, changes) => {
      await lockRow(tx, 'Article', slug)
      const existing = await tx.article.findUnique({ where: { slug }, include: withState })
      if (!existing) throw notFound(`Article "${slug}"`)
      requireMatch(ifMatch, articleVersionTag(existing.version), `Article "${slug}"`)
      const { article } = await this.revision(slug, version, tx)
      const restored = Object.fromEntries(restoredFields.map(name => [name, article[name]]))
      return this.#write(tx, changes, existing, fillArticle(slug, restored, stateOf(existing)), actor)
    })
  }
}
