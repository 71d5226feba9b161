import { createHmac } from 'node:crypto'
import type { Db } from '../db/client.js'
import type { UnitOfWork } from '../db/unit-of-work.js'
import type { ModeratedComment } from '../schemas/comment.js'
import { toModerated, withArticleSlug } from './moderation.js'

// What Dateline keeps about commenters and readers, and for how long. IPs and reader
// keys are stored only as keyed hashes (HMAC-SHA-256 under a key derived from the
// server secret), so a copy of the database does not give them back; comment IP
// hashes are erased after the retention period.

const day = 86_400_000
const erasedBody = '[This comment was erased at its author\'s request.]'

export class Hasher {
  readonly #key: Buffer
  constructor (secret: string) {
    this.#key = createHmac('sha256', secret).update('dateline:readers').digest()
  }

  ip (ip: string): string {
    return createHmac('sha256', this.#key).update(`ip:${ip}`).digest('base64url')
  }

  reader (key: string): string {
    return createHmac('sha256', this.#key).update(`reader:${key}`).digest('base64url')
  }
}

export class PrivacyService {
  #lastPurge = 0

  constructor (private readonly db: Db, private readonly unitOfWork: UnitOfWork, private readonly retentionDays: number) {}

  /** Erases the IP hashes of comments older than the retention period. Returns how many. */
  async purgeExpiredIps (now = new Date()): Promise<number> {
    this.#lastPurge = now.getTime()
    const cutoff = new Date(now.getTime() - this.retentionDays * day)
    // Through the door like every write, but with no event: an IP hash is never public, so nothing a reader sees changed.
    return this.unitOfWork.run(async tx => {
      const { count } = await tx.comment.updateMany({ where: { ipHash: { not: null }, createdAt: { lt: cutoff } }, data: { ipHash: null } })
      return count
    })
  }

  /** Purges at most once a minute: called on every comment write, so no job runner is needed. */
  async purgeIfDue (now = new Date()): Promise<void> {
    if (now.getTime() - this.#lastPurge >= 60_000) await this.purgeExpiredIps(now)
  }

  async export (email: string): Promise<{ comments: ModeratedComment[], ipHashesHeld: number }> {
    const rows = await this.db.comment.findMany({
      where: { authorEmail: normalizeEmail(email) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      include: withArticleSlug
    })
    return { comments: rows.map(toModerated), ipHashesHeld: rows.filter(r => r.ipHash !== null).length }
  }

  /**
   * Erases every comment made with the email. A comment others have replied to is
   * anonymized instead of deleted, so their replies keep their place in the thread.
   */
  async erase (email: string): Promise<{ deleted: number, anonymized: number }> {
    const authorEmail = normalizeEmail(email)
    return this.unitOfWork.run(async (tx, changes) => {
      const rows = await tx.comment.findMany({ where: { authorEmail }, select: { id: true, _count: { select: { replies: true } } } })
      const withReplies = rows.filter(r => r._count.replies > 0).map(r => r.id)
      const leaves = rows.filter(r => r._count.replies === 0).map(r => r.id)
      await tx.comment.updateMany({
        where: { id: { in: withReplies } },
        data: { authorName: '[erased]', authorEmail: '', authorUrl: null, body: erasedBody, ipHash: null, spamCheck: null }
      })
      await tx.comment.deleteMany({ where: { id: { in: leaves } } })
      // The events name comments by id only: the email that asked for the erasure never leaves.
      for (const id of withReplies) changes.record({ resource: 'comment', id, event: 'updated', data: { id, erased: true } })
      for (const id of leaves) changes.record({ resource: 'comment', id, event: 'deleted', data: { id } })
      const result = { deleted: leaves.length, anonymized: withReplies.length }
      changes.record({ resource: 'privacy', id: 'erasure', event: 'erased', data: result })
      return result
    })
  }
}

/** Emails are compared and stored trimmed and lowercased. */
export function normalizeEmail (email: string): string {
  return email.trim().toLowerCase()
}
