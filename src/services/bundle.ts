import { readFile } from 'node:fs/promises'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { Compile } from 'typebox/compile'
import { ProblemError, validationType, type FieldError } from '../errors.js'
import { BundleSchema, type Bundle } from '../schemas/bundle.js'
import type { Change } from './articles.js'
import { reanalyzeArticle } from './analysis.js'
import { recordArticle } from './article-lifecycle.js'
import type { WriteDoor } from './compose.js'
import { importAuthorsAndSections } from './bundle-newsroom.js'

// Applies a content bundle all-or-nothing in one transaction. Records are matched by
// slug (quotes by article and text) and only written when they differ, so applying
// the same bundle twice changes nothing. The seed, the import route and the import
// command all come through here. Each imported article is then analysed (entity
// mentions, quotes and their speakers): the bundle's own quotes are editorial and
// win over what analysis finds.

export type Counts = Record<Change, number>
export interface ImportReport {
  dryRun: boolean
  entities: Counts
  relations: Counts
  articles: Counts
  quotes: Counts
  /** Per article: whether its automatic mentions changed. */
  mentions: Counts
  /** Per article: whether its automatic quotes (those the bundle does not list) changed. */
  automaticQuotes: Counts
}

const counts = (): Counts => ({ created: 0, updated: 0, unchanged: 0 })

class DryRunRollback extends Error {}

const validator = Compile(BundleSchema)

/**
 * Names the bundle record a pointer falls in by what a person knows it by (an
 * article's slug, a relation's subject and predicate, a quote's article), so a bad
 * record among thousands can be found without counting: `article "idlib-talks"`.
 */
export function recordName (bundle: unknown, pointer: string): string | undefined {
  const [, collection, index] = pointer.split('/')
  const list = (bundle as Record<string, unknown> | null)?.[collection]
  const record = Array.isArray(list) ? list[Number(index)] as Record<string, unknown> | undefined : undefined
  if (!record || typeof record !== 'object') return undefined
  const text = (value: unknown) => typeof value === 'string' ? value : '?'
  switch (collection) {
    case 'entities': return `entity "${text(record.slug)}"`
    case 'articles': return `article "${text(record.slug)}"`
    case 'authors': return `author "${text(record.slug)}"`
    case 'sections': return `section "${text(record.slug)}"`
    case 'relations': return `relation "${text(record.subject)} ${text(record.predicate)} ${text(record.object ?? record.objectName)}"`
    case 'quotes': return `quote in article "${text(record.article)}"`
    default: return undefined
  }
}

/** Puts the record's name before each message; the pointer stays the exact place. */
function named (bundle: unknown, errors: FieldError[]): FieldError[] {
  return errors.map(e => {
    const name = recordName(bundle, e.pointer)
    return name ? { ...e, message: `${name}: ${e.message}` } : e
  })
}

/** A 400 for a bundle whose fields the HTTP edge found bad, with each record named. */
export function bundleFieldProblem (bundle: unknown, errors: FieldError[]): ProblemError {
  const bad = named(bundle, errors)
  return new ProblemError(400, `The bundle is invalid: ${summary(bad)}`, { type: validationType, errors: bad })
}

const summary = (errors: FieldError[]) => errors.slice(0, 5).map(e => `${e.pointer || '/'} ${e.message}`).join('; ') + (errors.length > 5 ? '; …' : '')

/** Checks a bundle read from a file against the schema; a 400 listing each bad field otherwise. */
export function parseBundle (data: unknown): Bundle {
  if (validator.Check(data)) return data
  const errors = named(data, [...validator.Errors(data)].slice(0, 50).map(e => ({ in: 'body' as const, pointer: e.instancePath, message: e.message })))
  throw new ProblemError(400, `The bundle is invalid: ${summary(errors)}`, { type: validationType, errors })
}

export async function readBundleFile (file: string): Promise<Bundle> {
  return parseBundle(JSON.parse(await readFile(file, 'utf8')))
}

export interface ImportOptions {
  actor: string
  dryRun?: boolean
  /** Called after each record (and each article's linking): for a progress bar. */
  onProgress?: (done: number, total: number) => void
  /** Aborting it (the server or the command shutting down) rolls the whole import back. */
  signal?: AbortSignal
}

/** The import gives the event loop a turn after this much work, so other requests keep being answered. */
const sliceMs = 10

/** Thrown when the import's signal aborts it: nothing was written. */
export class ImportAborted extends ProblemError {
  constructor () {
    super(503, 'The import was stopped (the server or the command is shutting down) and rolled back: nothing was written. Send it again.', { headers: { 'Retry-After': '5' } })
  }
}

/**
 * Lets the rest of the process run between records. The database driver may answer
 * synchronously (better-sqlite3 does), so awaiting queries alone never yields to
 * timers or sockets: without this a big import held the event loop for its whole run.
 */
function timeSlicer (signal: AbortSignal | undefined): () => Promise<void> {
  let sliceStart = performance.now()
  return async () => {
    if (performance.now() - sliceStart < sliceMs) return
    await nextTurn()
    if (signal?.aborted) throw new ImportAborted()
    sliceStart = performance.now()
  }
}

export async function importBundle (door: WriteDoor, bundle: Bundle, options: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = { dryRun: options.dryRun ?? false, entities: counts(), relations: counts(), articles: counts(), quotes: counts(), mentions: counts(), automaticQuotes: counts() }
  const total = (bundle.entities?.length ?? 0) + (bundle.relations?.length ?? 0) + 2 * (bundle.articles?.length ?? 0) + (bundle.quotes?.length ?? 0)
  let done = 0
  const yieldTurn = timeSlicer(options.signal)
  const tick = async () => {
    options.onProgress?.(++done, total)
    await yieldTurn()
  }
  if (options.signal?.aborted) throw new ImportAborted()
  try {
    // One unit of work for the whole import, with an event per record it changed
    // (small summaries: a bundle may hold thousands of articles).
    await door.unitOfWork.run(async (tx, changes) => {
      const errors: FieldError[] = []
      const missing = (pointer: string, what: string) => errors.push({ in: 'body', pointer, message: `names no ${what} in the bundle or the database` })
      const { entities, articles, quotes } = door.readers(tx)
      const entityIds = new Map<string, string>()
      const entityId = async (slug: string) => entityIds.get(slug) ??
        (await tx.entity.findUnique({ where: { slug }, select: { id: true } }))?.id

      // Entities without a country first, so a country named by another entity exists by then.
      const entityOrder = (bundle.entities ?? []).map((entity, index) => ({ entity, index }))
        .sort((a, b) => Number(a.entity.country !== undefined) - Number(b.entity.country !== undefined))
      for (const { entity, index } of entityOrder) {
        let countryId: string | null = null
        if (entity.country) {
          countryId = await entityId(entity.country) ?? null
          if (!countryId) { missing(`/entities/${index}/country`, 'entity'); continue }
        }
        const result = await entities.upsert(entity, countryId)
        entityIds.set(entity.slug, result.id)
        report.entities[result.change]++
        if (result.change !== 'unchanged') changes.record({ resource: 'entity', id: entity.slug, event: result.change, data: { slug: entity.slug, kind: entity.kind, name: entity.name } })
        await tick()
      }

      await importAuthorsAndSections(tx, changes, bundle)

      const articleIds = new Map<string, { id: string, body: string }>()
      for (const [index, article] of (bundle.articles ?? []).entries()) {
        const result = await articles.upsert(article, options.actor, `/articles/${index}`)
        articleIds.set(article.slug, { id: result.id, body: article.body })
        report.articles[result.change]++
        recordArticle(changes, article.slug, result.before, article, result.change, { slug: article.slug, title: article.title, status: article.status })
        await tick()
      }
      const articleRef = async (slug: string) => articleIds.get(slug) ??
        (await tx.article.findUnique({ where: { slug }, select: { id: true, body: true } })) ?? undefined

      for (const [index, relation] of (bundle.relations ?? []).entries()) {
        const subjectId = await entityId(relation.subject)
        const objectId = relation.object ? await entityId(relation.object) : null
        const article = relation.article ? await articleRef(relation.article) : null
        if (!subjectId) missing(`/relations/${index}/subject`, 'entity')
        if (objectId === undefined) missing(`/relations/${index}/object`, 'entity')
        if (!relation.object && !relation.objectName) errors.push({ in: 'body', pointer: `/relations/${index}`, message: 'needs an object or an objectName' })
        if (article === undefined) missing(`/relations/${index}/article`, 'article')
        if (!subjectId || objectId === undefined || article === undefined || (!relation.object && !relation.objectName)) continue
        const { change, id } = await entities.upsertRelation({ subjectId, objectId, articleId: article?.id ?? null }, relation)
        report.relations[change]++
        if (change !== 'unchanged') changes.record({ resource: 'relation', id, event: change, data: { id, subject: relation.subject, predicate: relation.predicate, object: relation.object ?? null, objectName: relation.objectName ?? null } })
        await tick()
      }

      for (const [index, quote] of (bundle.quotes ?? []).entries()) {
        const article = await articleRef(quote.article)
        const speakerId = quote.speaker ? await entityId(quote.speaker) : null
        if (!article) missing(`/quotes/${index}/article`, 'article')
        if (speakerId === undefined) missing(`/quotes/${index}/speaker`, 'entity')
        if (!article || speakerId === undefined) continue
        const { change, id } = await quotes.upsert({ articleId: article.id, body: article.body, text: quote.text, speakerId, context: quote.context, verified: quote.verified })
        report.quotes[change]++
        if (change !== 'unchanged') changes.record({ resource: 'quote', id, event: change, data: { id, article: quote.article, text: quote.text } })
        await tick()
      }

      if (errors.length > 0) {
        const bad = named(bundle, errors.slice(0, 100))
        throw new ProblemError(400, `The bundle refers to records that do not exist: ${summary(bad)}`, { type: validationType, errors: bad })
      }

      const analyzer = await door.analyzers.current(tx)
      for (const { id } of articleIds.values()) {
        const changes = await reanalyzeArticle(tx, id, analyzer)
        report.mentions[changes.mentions]++
        report.automaticQuotes[changes.quotes]++
        await tick()
      }

      if (options.dryRun) throw new DryRunRollback()
    }, { timeout: 30 * 60_000, maxWait: 30_000 })
  } catch (error) {
    if (error instanceof DryRunRollback) return report
    // A record's own check (an article's bad section, say) names it by index: add its name.
    if (error instanceof ProblemError && error.extras.errors?.some(e => recordName(bundle, e.pointer) && !e.message.startsWith(recordName(bundle, e.pointer)!))) {
      const errors = named(bundle, error.extras.errors)
      throw new ProblemError(error.statusCode, `${error.message.replace(/\.?$/, '')}: ${summary(errors)}`, { ...error.extras, errors })
    }
    throw error
  }
  return report
}
