import type { WriteDoor } from './compose.js'

// Scheduled articles going live by the clock. Readers see a due article at once
// (visibility.ts); this makes it a real change: status published, and an
// article.published event in the outbox for whatever reacts to publishing.

/** How many due articles one tick publishes; the next tick takes the rest. */
const batch = 100

export class ArticleScheduler {
  constructor (private readonly door: WriteDoor) {}

  /** Publishes every scheduled article whose time has come. Returns their slugs. */
  async publishDue (now = new Date()): Promise<string[]> {
    const due = await this.door.db.article.findMany({
      where: { status: 'scheduled', publishedAt: { lte: now } },
      orderBy: [{ publishedAt: 'asc' }, { id: 'asc' }],
      take: batch,
      select: { id: true, slug: true }
    })
    const published: string[] = []
    for (const { id, slug } of due) {
      const flipped = await this.door.unitOfWork.run(async (tx, changes) => {
        // Conditional: with several processes on one PostgreSQL database, the second
        // waits on the first's row lock, then finds the article no longer scheduled
        // and changes (and records) nothing. So one process records the event.
        const { count } = await tx.article.updateMany({ where: { id, status: 'scheduled', publishedAt: { lte: now } }, data: { status: 'published' } })
        if (count === 0) return false
        const article = await this.door.readers(tx).articles.getPublic(slug, [], { drafts: true })
        changes.record({ resource: 'article', id: slug, event: 'published', data: article })
        return true
      })
      if (flipped) published.push(slug)
    }
    return published
  }
}
