import type { Db } from '../db/client.js'
import type { ChangeLog, UnitOfWork } from '../db/unit-of-work.js'
import { notFound } from '../errors.js'
import { moderatedCommentList, type CommentStatus, type ModeratedComment, type ModeratedCommentListItem, type SpamCheck, type UpdateComment } from '../schemas/comment.js'
import type { PageMeta } from '../schemas/common.js'
import type { Akismet } from './akismet.js'
import { listPage } from './list-pipeline.js'
import { pickFields, scalar, whereOf, type FilterMapper, type ListQuery } from './list-query.js'
import type { Page } from './pagination.js'
import { parseSpamCheck } from './spam.js'

// The moderation queue: everything about comments a `comments:moderate` token may
// do. The author's email is used (to tell Akismet about a correction) but never
// returned.

export const withArticleSlug = { article: { select: { slug: true } } }

/** How each whitelisted filter of moderatedCommentList reaches the database. */
function commentFilters (db: Db): Record<keyof typeof moderatedCommentList.filters, FilterMapper> {
  return {
    status: scalar('status'),
    // Slugs become article ids first: `articleId = ?` walks the (articleId, createdAt, id)
    // index in page order on both databases; with a join on the slug, SQLite sorted
    // every comment of the article for each page.
    article: async (_op, value) => {
      const slugs = Array.isArray(value) ? value : [String(value)]
      const articles = await db.article.findMany({ where: { slug: { in: slugs } }, select: { id: true } })
      return { articleId: { in: articles.map(a => a.id) } }
    },
    parentId: scalar('parentId'),
    createdAt: scalar('createdAt')
  }
}

interface CommentRow {
  id: string, parentId: string | null, authorName: string, authorEmail: string, authorUrl: string | null, body: string
  status: string, spamCheck: string | null, createdAt: Date, updatedAt: Date, article: { slug: string }
}

export function toModerated (row: CommentRow): ModeratedComment {
  return {
    id: row.id,
    article: row.article.slug,
    parentId: row.parentId,
    authorName: row.authorName,
    website: row.authorUrl,
    body: row.body,
    status: row.status as CommentStatus,
    spamCheck: parseSpamCheck(row.spamCheck),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}

/**
 * A moderator's change as an event: the new status when it changed (approved, spam,
 * pending, trash), else updated. The data is the moderated shape, which has no email.
 */
function recordModeration (changes: ChangeLog, before: string, after: CommentRow): void {
  const event = after.status !== before ? after.status : 'updated'
  changes.record({ resource: 'comment', id: after.id, event, data: toModerated(after) })
}

export class ModerationService {
  readonly #filters: ReturnType<typeof commentFilters>

  constructor (private readonly db: Db, private readonly unitOfWork: UnitOfWork, private readonly akismet: Akismet | null) {
    this.#filters = commentFilters(db)
  }

  /** Comments of every status through the list grammar (see schemas/list-query.ts). */
  async queue (query: ListQuery): Promise<Page<ModeratedCommentListItem>> {
    return await listPage(query, {
      where: await whereOf(query.conditions, this.#filters),
      find: args => this.db.comment.findMany({ ...args, include: withArticleSlug }),
      count: where => this.db.comment.count({ where })
    }, row => pickFields(toModerated(row), query.fields))
  }

  async get (id: string): Promise<ModeratedComment> {
    return toModerated(await this.#row(id))
  }

  async #row (id: string) {
    const row = await this.db.comment.findUnique({ where: { id }, include: withArticleSlug })
    if (!row) throw notFound(`Comment "${id}"`)
    return row
  }

  // Each write reads the comment and asks Akismet first, outside the transaction (no
  // network call holds the write lock), then writes and records the change in one unit.

  async update (id: string, change: UpdateComment, moderator: string): Promise<ModeratedComment> {
    const row = await this.#row(id)
    const spamCheck = change.status && change.status !== row.status
      ? await this.#correct(row, change.status, moderator)
      : row.spamCheck
    return this.unitOfWork.run(async (tx, changes) => {
      const updated = await tx.comment.update({
        where: { id },
        data: {
          ...(change.status ? { status: change.status } : {}),
          ...(change.authorName !== undefined ? { authorName: change.authorName.trim() } : {}),
          ...(change.website !== undefined ? { authorUrl: change.website } : {}),
          ...(change.body !== undefined ? { body: change.body.trim() } : {}),
          spamCheck
        },
        include: withArticleSlug
      })
      recordModeration(changes, row.status, updated)
      return toModerated(updated)
    })
  }

  async setStatus (ids: string[], status: CommentStatus, moderator: string): Promise<{ updated: number, notFound: string[] }> {
    const rows = await this.db.comment.findMany({ where: { id: { in: ids } }, include: withArticleSlug })
    const corrected: Array<{ row: CommentRow, spamCheck: string }> = []
    for (const row of rows) {
      if (row.status !== status) corrected.push({ row, spamCheck: await this.#correct(row, status, moderator) })
    }
    if (corrected.length > 0) {
      await this.unitOfWork.run(async (tx, changes) => {
        for (const { row, spamCheck } of corrected) {
          const updated = await tx.comment.update({ where: { id: row.id }, data: { status, spamCheck }, include: withArticleSlug })
          recordModeration(changes, row.status, updated)
        }
      })
    }
    const found = new Set(rows.map(r => r.id))
    return { updated: rows.length, notFound: ids.filter(id => !found.has(id)) }
  }

  /** Deletes a comment for good, with its replies. */
  async remove (id: string): Promise<void> {
    await this.unitOfWork.run(async (tx, changes) => {
      const { count } = await tx.comment.deleteMany({ where: { id } })
      if (count === 0) throw notFound(`Comment "${id}"`)
      changes.record({ resource: 'comment', id, event: 'deleted', data: { id } })
    })
  }

  /**
   * Records a moderator's change of status in the verdict's reasons and, when it
   * moves a comment into or out of spam, reports the correction to Akismet.
   */
  async #correct (row: CommentRow, status: string, moderator: string): Promise<string> {
    const check: SpamCheck = parseSpamCheck(row.spamCheck) ?? { verdict: 'pass', reasons: [] }
    const reasons = [...check.reasons, `${moderator} changed ${row.status} to ${status}`]
    if (this.akismet && (status === 'spam') !== (row.status === 'spam') && (status === 'spam' || status === 'approved')) {
      const kind = status === 'spam' ? 'spam' : 'ham'
      const sent = await this.akismet.submit(kind, {
        authorName: row.authorName, authorEmail: row.authorEmail, authorUrl: row.authorUrl, body: row.body
      })
      reasons.push(sent ? `reported to Akismet as ${kind}` : `could not report to Akismet as ${kind}`)
    }
    return JSON.stringify({ ...check, reasons })
  }
}
