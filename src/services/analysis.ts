import type { Db } from '../db/client.js'
import { notFound } from '../errors.js'
import type { AnalysisResult } from '../schemas/analysis.js'
import type { Change } from './articles.js'
import { findCandidates, type Candidate } from './candidates.js'
import { Linker, type FoundMention } from './linker.js'
import { loadRegistry, nameable, saveMentions, type RegistryEntity } from './mentions.js'
import { findQuotes, type FoundQuote } from './quote-finder.js'
import { escapeRegExp, fold } from './text.js'
import { publicArticles } from './visibility.js'

// The news graph's reading of an article: which entities it names, who said what,
// and which names the registry lacks. `analyze` saves nothing; `applyAnalysis`
// stores the automatic part and leaves an editor's work alone.

export interface ArticleText { title: string, standfirst?: string | null, body: string }
export interface Analysis { mentions: FoundMention[], quotes: FoundQuote[], candidates: Candidate[] }

export class Analyzer {
  readonly #linker: Linker
  readonly #entities: Map<string, RegistryEntity>

  constructor (registry: RegistryEntity[]) {
    this.#entities = new Map(registry.map(e => [e.id, e]))
    this.#linker = new Linker(registry.map(nameable))
  }

  entity (id: string): RegistryEntity | undefined {
    return this.#entities.get(id)
  }

  analyze (article: ArticleText): Analysis {
    const fields = { title: article.title, standfirst: article.standfirst, body: article.body }
    const mentions = this.#linker.find(fields)
    const inBody = mentions.flatMap(m => m.offsets
      .filter(o => o.field === 'body')
      .map(o => {
        const entity = this.#entities.get(m.entityId)
        return { entityId: m.entityId, kind: entity?.kind ?? '', countryId: entity?.countryId, office: entity?.office, start: o.start, end: o.end }
      }))
    const quotes = findQuotes(article.body, inBody)
    return { mentions, quotes, candidates: withSpeakers(findCandidates(fields, mentions.flatMap(m => m.offsets)), quotes, article.body) }
  }
}

/**
 * Unregistered speakers are candidates too, however often they are named, with the
 * role the text gives them: accepting one creates the entity and links their quotes.
 */
function withSpeakers (candidates: Candidate[], quotes: FoundQuote[], body: string): Candidate[] {
  const out = [...candidates]
  for (const quote of quotes) {
    if (!quote.speakerName) continue
    const key = fold(quote.speakerName)
    const known = out.find(c => fold(c.name) === key)
    if (known) { known.speaker = true; known.role ??= quote.speakerRole ?? undefined; continue }
    const offsets = [...body.matchAll(new RegExp(escapeRegExp(quote.speakerName), 'g'))]
      .map(m => ({ field: 'body', start: m.index, end: m.index + quote.speakerName!.length }))
    out.push({ name: quote.speakerName, count: offsets.length, offsets, speaker: true, ...(quote.speakerRole ? { role: quote.speakerRole } : {}) })
  }
  return out
}

export async function registryAnalyzer (db: Db): Promise<Analyzer> {
  return new Analyzer(await loadRegistry(db))
}

/** Where an analysis gets its analyzer: a RegistryCache, or a fresh build per call. */
export interface AnalyzerSource { current: (db: Db) => Promise<Analyzer> }

/**
 * The analyzer of one process, built once and kept: loading every entity and alias
 * and building the linker costs far more than the analysis itself. Before each use it
 * reads the registry's version token (one primary-key read, on the caller's
 * transaction): database triggers change the token with any entity or alias write,
 * from this process or another, so a stale analyzer is never used. The unit of work
 * also drops it as soon as this process commits an entity change (see compose).
 */
export class RegistryCache implements AnalyzerSource {
  #analyzer: Analyzer | null = null
  #token: string | null = null

  async current (db: Db): Promise<Analyzer> {
    const token = (await db.registryVersion.findUnique({ where: { id: 1 }, select: { token: true } }))?.token ?? null
    // Without the row (a database not migrated yet) nothing can vouch for a cached analyzer.
    if (token !== null && this.#analyzer && token === this.#token) return this.#analyzer
    // The token is read before the registry: a change committed in between makes the
    // analyzer newer than its token, which costs at most one more rebuild.
    const analyzer = await registryAnalyzer(db)
    if (token !== null) { this.#analyzer = analyzer; this.#token = token }
    return analyzer
  }

  /** Forgets the analyzer: the next use rebuilds it. */
  drop (): void {
    this.#analyzer = null
    this.#token = null
  }
}

/** Builds a new analyzer for every use: for one-off callers with no cache. */
export const freshAnalyzer: AnalyzerSource = { current: registryAnalyzer }

/** Analyses an article's text against the registry, saving nothing. */
export async function analyzeArticle (db: Db, article: ArticleText, analyzer?: Analyzer): Promise<Analysis> {
  return (analyzer ?? await registryAnalyzer(db)).analyze(article)
}

/** Quotes compare equal whatever their case, diacritics, quote marks, spacing and closing punctuation. */
export function quoteKey (text: string): string {
  return fold(text).replace(/\s+/g, ' ').replace(/[\s.,;:!?'"”’]+$/, '').trim()
}

/**
 * Stores an analysis: automatic mentions (see saveMentions) and automatic quotes.
 * A found quote that an editorial or rejected quote already covers (same words, or
 * overlapping position, as when an editor corrected the wording) is left to the
 * editor; automatic quotes no longer found are removed.
 */
export async function applyAnalysis (db: Db, articleId: string, analysis: Analysis): Promise<{ mentions: Change, quotes: Change }> {
  const mentions = await saveMentions(db, articleId, analysis.mentions)
  const stored = await db.quote.findMany({ where: { articleId } })
  const kept = new Set<string>()
  let changed = false
  for (const quote of analysis.quotes) {
    const key = quoteKey(quote.text)
    const end = quote.position + quote.text.length
    const covers = (row: typeof stored[number]) => quoteKey(row.text) === key ||
      (row.position !== null && row.position < end && row.position + row.text.length > quote.position)
    const editorial = stored.find(row => row.source !== 'automatic' && covers(row))
    if (editorial) continue
    const fields = { speakerId: quote.speakerId, speakerName: quote.speakerName, speakerRole: quote.speakerRole, context: quote.context, position: quote.position }
    const automatic = stored.find(row => row.source === 'automatic' && !kept.has(row.id) && row.text === quote.text)
    if (automatic) {
      kept.add(automatic.id)
      if ((Object.keys(fields) as Array<keyof typeof fields>).some(k => automatic[k] !== fields[k])) {
        await db.quote.update({ where: { id: automatic.id }, data: fields })
        changed = true
      }
      continue
    }
    const row = await db.quote.create({ data: { articleId, text: quote.text, ...fields, verified: false, source: 'automatic' } })
    kept.add(row.id)
    changed = true
  }
  for (const row of stored) {
    if (row.source === 'automatic' && !kept.has(row.id)) {
      await db.quote.delete({ where: { id: row.id } })
      changed = true
    }
  }
  return { mentions, quotes: changed ? 'updated' : 'unchanged' }
}

/**
 * Analyses a stored article and saves the result: what a write path calls after
 * ArticleService.upsert. Pass one analyzer when doing many articles.
 */
export async function reanalyzeArticle (db: Db, articleId: string, analyzer?: Analyzer): Promise<{ mentions: Change, quotes: Change }> {
  const article = await db.article.findUniqueOrThrow({ where: { id: articleId }, select: { title: true, standfirst: true, body: true } })
  return applyAnalysis(db, articleId, await analyzeArticle(db, article, analyzer))
}

export class AnalysisService {
  constructor (private readonly db: Db, private readonly analyzers: AnalyzerSource = freshAnalyzer) {}

  /**
   * The analysis of the article with this slug, without saving it. Public callers see
   * only published articles; `drafts: true` (for a caller allowed to see them) any.
   */
  async analyze (slug: string, options: { drafts?: boolean } = {}): Promise<AnalysisResult> {
    const article = await this.db.article.findFirst({
      where: { slug, ...(options.drafts ? {} : publicArticles()) },
      select: { slug: true, version: true, title: true, standfirst: true, body: true }
    })
    if (!article) throw notFound(`Article "${slug}"`)
    const analyzer = await this.analyzers.current(this.db)
    const analysis = analyzer.analyze(article)
    const ref = (id: string) => {
      const e = analyzer.entity(id)!
      return { slug: e.slug, kind: e.kind, name: e.name }
    }
    return {
      article: { slug: article.slug, version: article.version },
      mentions: analysis.mentions
        .map(m => ({ entity: ref(m.entityId), count: m.count, offsets: m.offsets }))
        .sort((a, b) => b.count - a.count || a.entity.name.localeCompare(b.entity.name)),
      quotes: analysis.quotes.map(q => ({
        text: q.text, speaker: q.speakerId ? ref(q.speakerId) : null, speakerName: q.speakerName, speakerRole: q.speakerRole, attribution: q.attribution, position: q.position, context: q.context
      })),
      candidates: analysis.candidates
    }
  }
}
