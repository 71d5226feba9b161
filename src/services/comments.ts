import type { Db } from '../db/client.js'
import type { UnitOfWork } from '../db/unit-of-work.js'
import type { CommentConfig } from '../config.js'
import { invalid, notFound, ProblemError } from '../errors.js'
import type { CommentStatus, CreateComment, PostedComment, PublicComment, SpamCheck } from '../schemas/comment.js'
import type { Akismet } from './akismet.js'
import type { FloodWindow } from './flood-window.js'
import { afterCursor, decodeCursor, orderBy, toPage, type Page, type SortKey } from './pagination.js'
import { normalizeEmail, type Hasher, type PrivacyService } from './privacy.js'
import { builtInCheck } from './spam.js'
import { publicArticles } from './visibility.js'

// Public comments: the comment form and the threads under an article. Checks run
// cheapest first; a comment is published only when every check passes and the
// moderation policy allows it.

export interface Requester { ip: string, userAgent?: string, referrer?: string }

interface ThreadRow { id: string, parentId: string | null, authorName: string, authorUrl: string | null, body: string, createdAt: Date }

function toPublic (row: ThreadRow): PublicComment {
  return { id: row.id, parentId: row.parentId, authorName: row.authorName, website: row.authorUrl, body: row.body, createdAt: row.createdAt.toISOString(), replies: [] }
}

function sortKeys (sort: 'createdAt' | '-createdAt' = 'createdAt'): SortKey[] {
  const direction = sort === 'createdAt' ? 'asc' : 'desc'
  return [{ field: 'createdAt', direction, type: 'date' }, { field: 'id', direction, type: 'string' }]
}

/** A comment as events carry it: what readers may see, its article and status; never the email or IP hash. */
export function commentEventData (row: ThreadRow & { status: string }, article: string) {
  const { replies: _none, ...comment } = toPublic(row)
  return { ...comment, article, status: row.status }
}

export class CommentService {
  constructor (
    private readonly db: Db,
    private readonly unitOfWork: UnitOfWork,
    private readonly config: CommentConfig,
    private readonly hasher: Hasher,
    private readonly privacy: PrivacyService,
    private readonly akismet: Akismet | null,
    private readonly floodWindow: FloodWindow | null = null
  ) {}

  async #publicArticle (slug: string) {
    const article = await this.db.article.findFirst({ where: { slug, ...publicArticles() }, select: { id: true, slug: true, commentsOpen: true } })
    if (!article) throw notFound(`Article "${slug}"`)
    return article
  }

  async submit (slug: string, input: CreateComment, requester: Requester): Promise<PostedComment> {
    const article = await this.#publicArticle(slug)
    if (!article.commentsOpen) throw new ProblemError(403, 'Comments are closed on this article.')
    if (input.parentId) {
      const parent = await this.db.comment.findFirst({ where: { id: input.parentId, articleId: article.id, status: 'approved' }, select: { id: true } })
      if (!parent) throw invalid('body', '/parentId', 'is not a published comment on this article')
    }
    const email = normalizeEmail(input.email)
    const body = input.body.trim()
    const name = input.name.trim()
    await this.privacy.purgeIfDue()
    const duplicate = await this.db.comment.findFirst({ where: { articleId: article.id, authorEmail: email, body, status: { not: 'trash' } }, select: { id: true } })
    if (duplicate) throw new ProblemError(409, 'This comment was already posted: the same author said the same thing on this article.')
    const ipHash = this.hasher.ip(requester.ip)
    await this.#refuseFlood(email, ipHash)
    await this.#claimFloodWindow(email, ipHash)

    const check = builtInCheck({ name, body, website: input.website, honeypot: input.honeypot }, this.config)
    if (this.akismet && check.verdict !== 'spam') {
      const answer = await this.akismet.check({
        userIp: requester.ip, userAgent: requester.userAgent, referrer: requester.referrer,
        authorName: name, authorEmail: email, authorUrl: input.website, body
      })
      this.#addAkismet(check, answer)
    }
    const status = await this.#status(check, email)
    // Akismet has answered by now: the write transaction holds no network call.
    const row = await this.unitOfWork.run(async (tx, changes) => {
      const row = await tx.comment.create({
        data: {
          articleId: article.id, parentId: input.parentId ?? null, authorName: name, authorEmail: email,
          authorUrl: input.website ?? null, body, status, spamCheck: JSON.stringify(check), ipHash
        }
      })
      changes.record({ resource: 'comment', id: row.id, event: 'created', data: commentEventData(row, article.slug) })
      return row
    })
    const published = status === 'approved'
    const { replies: _none, ...comment } = toPublic(row)
    return {
      ...comment,
      moderation: published ? 'published' : 'held',
      message: published ? 'Your comment is published.' : 'Your comment is awaiting moderation.'
    }
  }

  async #refuseFlood (email: string, ipHash: string): Promise<void> {
    const window = this.config.floodSeconds * 1000
    if (window === 0) return
    const now = Date.now()
    const last = await this.db.comment.findFirst({
      where: { createdAt: { gt: new Date(now - window) }, OR: [{ authorEmail: email }, { ipHash }] },
      orderBy: { createdAt: 'desc' },
      select: { createdAt: true }
    })
    if (!last) return
    const wait = Math.max(1, Math.ceil((last.createdAt.getTime() + window - now) / 1000))
    throw new ProblemError(429, `You are commenting too quickly. Wait ${wait} s before commenting again.`, { headers: { 'retry-after': String(wait) } })
  }

  /** With REDIS_URL: the window shared by every process, claimed atomically. */
  async #claimFloodWindow (email: string, ipHash: string): Promise<void> {
    const window = this.config.floodSeconds * 1000
    if (window === 0 || this.floodWindow === null) return
    const waitMs = await this.floodWindow.claim([`ip:${ipHash}`, `email:${this.hasher.reader(`email:${email}`)}`], window)
    if (waitMs === 0) return
    const wait = Math.ceil(waitMs / 1000)
    throw new ProblemError(429, `You are commenting too quickly. Wait ${wait} s before commenting again.`, { headers: { 'retry-after': String(wait) } })
  }

  #addAkismet (check: SpamCheck, answer: 'spam' | 'ham' | 'error'): void {
    check.akismet = answer
    if (answer === 'spam') {
      check.verdict = 'spam'
      check.reasons.push('Akismet: spam')
    } else if (answer === 'error') {
      if (check.verdict === 'pass') check.verdict = 'hold'
      check.reasons.push('Akismet did not answer in time or failed: held for a moderator')
    }
  }

  async #status (check: SpamCheck, email: string): Promise<CommentStatus> {
    if (check.verdict === 'spam') return 'spam'
    if (check.verdict === 'hold') return 'pending'
    if (this.config.moderation === 'hold-all') {
      check.reasons.push('policy: every comment is held for a moderator')
      return 'pending'
    }
    const known = await this.db.comment.findFirst({ where: { authorEmail: email, status: 'approved' }, select: { id: true } })
    if (known) return 'approved'
    check.reasons.push('policy: first comment from this author is held for a moderator')
    return 'pending'
  }

  /** Approved comments, threaded: a page of top-level comments, each with all its approved replies. */
  async listPublic (slug: string, query: { limit?: number, cursor?: string, sort?: 'createdAt' | '-createdAt' }): Promise<Page<PublicComment>> {
    const article = await this.#publicArticle(slug)
    const limit = query.limit ?? 20
    const keys = sortKeys(query.sort)
    const select = { id: true, parentId: true, authorName: true, authorUrl: true, body: true, createdAt: true }
    const rows = await this.db.comment.findMany({
      where: { AND: [{ articleId: article.id, parentId: null, status: 'approved' }, afterCursor(keys, decodeCursor(query.cursor, keys))] },
      orderBy: orderBy(keys),
      take: limit + 1,
      select
    })
    const page = toPage(rows, limit, keys)
    const top = page.data.map(toPublic)
    // One query per level of replies; a reply whose parent is not public stays hidden.
    // Ordered by parent first, so the (parentId, status, createdAt, id) index serves
    // both the filter and the order: ordered by time alone, SQLite walked every approved
    // comment through the (status, createdAt) index. Each parent's replies still come
    // oldest first, which is all the thread shows.
    let level = top
    while (level.length > 0) {
      const byId = new Map(level.map(c => [c.id, c]))
      const replies = await this.db.comment.findMany({
        where: { parentId: { in: [...byId.keys()] }, status: 'approved' },
        orderBy: [{ parentId: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
        select
      })
      level = replies.map(toPublic)
      for (const reply of level) byId.get(reply.parentId as string)?.replies.push(reply)
    }
    return { ...page, data: top }
  }
}
