import type { Db } from '../db/client.js'
import type { UnitOfWork } from '../db/unit-of-work.js'
import { notFound } from '../errors.js'
import type { Hasher } from './privacy.js'
import { publicArticles } from './visibility.js'

// Likes ("%d bloggers like this"): one per reader per article, no account. A reader
// is known by a key their browser keeps, or else by IP; either only as a keyed hash.

export class LikeService {
  constructor (private readonly db: Db, private readonly unitOfWork: UnitOfWork, private readonly hasher: Hasher) {}

  /** Likes the article once per reader; liking again changes nothing. `created` says whether this call added it. */
  async like (slug: string, reader: { key?: string, ip: string }): Promise<{ created: boolean, likeCount: number }> {
    const article = await this.db.article.findFirst({ where: { slug, ...publicArticles() }, select: { id: true } })
    if (!article) throw notFound(`Article "${slug}"`)
    const readerHash = reader.key ? this.hasher.reader(reader.key) : this.hasher.ip(reader.ip)
    const where = { articleId_readerHash: { articleId: article.id, readerHash } }
    const existing = await this.db.like.findUnique({ where, select: { id: true } })
    if (!existing) {
      return this.unitOfWork.run(async (tx, changes) => {
        // upsert, not create: two concurrent first likes from one reader must not 409.
        const before = await tx.like.findUnique({ where, select: { id: true } })
        const row = await tx.like.upsert({ where, create: { articleId: article.id, readerHash }, update: {}, select: { id: true } })
        const likeCount = await tx.like.count({ where: { articleId: article.id } })
        // The reader's hash stays private: the event names the like and its article only.
        if (!before) changes.record({ resource: 'like', id: row.id, event: 'created', data: { article: slug, likeCount } })
        return { created: !before, likeCount }
      })
    }
    const likeCount = await this.db.like.count({ where: { articleId: article.id } })
    return { created: false, likeCount }
  }
}
