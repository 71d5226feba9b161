import type { WriteDoor } from './compose.js'
import { ProblemError, notFound } from '../errors.js'
import type { Article } from '../schemas/article.js'
import type { Correction, CorrectionWrite } from '../schemas/correction.js'
import { publicArticles } from './visibility.js'

// An editor appends a correction or an update notice to a published article. It is
// the article's editorial change: modifiedAt (and so dateModified) becomes its time,
// and the article.updated change carries the article with it.

export const withCorrections = { corrections: { orderBy: [{ createdAt: 'asc' as const }, { id: 'asc' as const }] } }

export function toCorrection (row: { id: string, kind: string, text: string, createdAt: Date }): Correction {
  return { id: row.id, kind: row.kind as Correction['kind'], text: row.text, createdAt: row.createdAt.toISOString() }
}

export class CorrectionWriter {
  constructor (private readonly door: WriteDoor) {}

  async append (slug: string, input: CorrectionWrite): Promise<{ correction: Correction, article: Article }> {
    return this.door.unitOfWork.run(async (tx, changes) => {
      const article = await tx.article.findUnique({ where: { slug }, select: { id: true } })
      if (!article) throw notFound(`Article "${slug}"`)
      if (!await tx.article.findFirst({ where: { id: article.id, ...publicArticles() }, select: { id: true } })) {
        throw new ProblemError(409, `Article "${slug}" is not published: corrections and updates are appended to published articles; edit a draft directly.`)
      }
      const row = await tx.articleCorrection.create({ data: { articleId: article.id, kind: input.kind, text: input.text } })
      await tx.article.update({ where: { id: article.id }, data: { modifiedAt: row.createdAt } })
      const shown = await this.door.readers(tx).articles.getPublic(slug, [])
      changes.record({ resource: 'article', id: slug, event: 'updated', data: shown })
      return { correction: toCorrection(row), article: shown }
    })
  }
}
