import type { Db } from '../db/client.js'
import type { UnitOfWork } from '../db/unit-of-work.js'
import { freshAnalyzer, reanalyzeArticle, type Analyzer, type AnalyzerSource } from './analysis.js'
import { searchTerms, type SearchDialect } from './search.js'

// Keeps articles in step with the registry: when an entity is created or gains a
// name, the articles that can contain its names (found by full-text search) are
// analysed again, so new mentions link and quotes get their now-known speakers.
// Editors' decisions survive, as in every analysis (see applyAnalysis).

export interface ReanalysisLog { error: (object: object, message: string) => void }

export class Reanalysis {
  #queue: Promise<void> = Promise.resolve()

  constructor (private readonly db: Db, private readonly unitOfWork: UnitOfWork, private readonly search: SearchDialect, private readonly log: ReanalysisLog, private readonly analyzers: AnalyzerSource = freshAnalyzer) {}

  /** Ids of the articles whose text holds every word of one of the entity's names. */
  async affectedArticles (entitySlug: string): Promise<string[]> {
    const entity = await this.db.entity.findUnique({ where: { slug: entitySlug }, select: { name: true, aliases: { select: { name: true } } } })
    if (!entity) return []
    const ids = new Set<string>()
    for (const name of [entity.name, ...entity.aliases.map(a => a.name)]) {
      const terms = searchTerms(name)
      if (terms.words.length === 0) continue
      for (const id of await this.search.allIds(this.db, 'articles', terms)) ids.add(id)
    }
    return [...ids]
  }

  /**
   * Re-analyses, in the background and one batch after another, the articles the
   * given entities may appear in. A failure is logged; it never reaches the write
   * that caused it, which has already committed.
   */
  schedule (entitySlugs: string[]): void {
    this.#queue = this.#queue.then(async () => {
      const articleIds = new Set<string>()
      for (const slug of entitySlugs) for (const id of await this.affectedArticles(slug)) articleIds.add(id)
      if (articleIds.size === 0) return
      const analyzer = await this.analyzers.current(this.db)
      for (const id of articleIds) await reanalyzeThrough(this.unitOfWork, id, analyzer)
    }).catch(error => { this.log.error({ err: error, entities: entitySlugs }, 'Re-analysis after a registry change failed') })
  }

  /** Resolves when every scheduled re-analysis has finished (for shutdown and tests). */
  idle (): Promise<void> {
    return this.#queue
  }
}

/**
 * Analyses one article again through the write door: its own transaction, and an
 * article.updated change when its mentions or quotes moved, so caches and webhook
 * receivers hear of it like any other edit.
 */
async function reanalyzeThrough (unitOfWork: UnitOfWork, articleId: string, analyzer: Analyzer): Promise<void> {
  await unitOfWork.run(async (tx, changes) => {
    // The article's row lock, as an editor's write takes it (lockRow): a PUT of the same
    // article waits for this analysis, or this one for the PUT, instead of both
    // inserting the same new mention (a unique-key 409 on PostgreSQL).
    await tx.$executeRaw`UPDATE "Article" SET "version" = "version" WHERE "id" = ${articleId}`
    const result = await reanalyzeArticle(tx, articleId, analyzer)
    if (result.mentions === 'unchanged' && result.quotes === 'unchanged') return
    const { slug } = await tx.article.findUniqueOrThrow({ where: { id: articleId }, select: { slug: true } })
    changes.record({ resource: 'article', id: slug, event: 'updated', data: { slug, mentions: result.mentions, quotes: result.quotes } })
  })
}

/** Analyses every article again against the current registry: `npm run reanalyze`. */
export async function reanalyzeAll (db: Db, unitOfWork: UnitOfWork, onProgress?: (done: number, total: number) => void, analyzers: AnalyzerSource = freshAnalyzer): Promise<number> {
  const analyzer = await analyzers.current(db)
  const articles = await db.article.findMany({ select: { id: true }, orderBy: { id: 'asc' } })
  let done = 0
  for (const { id } of articles) {
    await reanalyzeThrough(unitOfWork, id, analyzer)
    onProgress?.(++done, articles.length)
  }
  return articles.length
}
