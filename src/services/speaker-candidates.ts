import type { Db } from '../db/client.js'
import type { UnitOfWork } from '../db/unit-of-work.js'
import { ProblemError, notFound } from '../errors.js'
import type { AcceptCandidate, SpeakerCandidate } from '../schemas/candidate.js'
import type { EntityRef } from '../schemas/common.js'
import { slugFrom } from './slugs.js'
import { shownQuotes } from './visibility.js'

// Speakers the analysis found named but could not find in the registry: kept on
// their quotes by name. Editors list them and accept one, which registers the entity
// and makes it the speaker of those quotes.

/** Unregistered speakers, most quoted first. */
export async function listSpeakerCandidates (db: Db): Promise<SpeakerCandidate[]> {
  const rows = await db.quote.findMany({
    where: { speakerId: null, speakerName: { not: null }, ...shownQuotes },
    select: { speakerName: true, speakerRole: true, article: { select: { slug: true } } },
    orderBy: { createdAt: 'asc' }
  })
  const byName = new Map<string, SpeakerCandidate>()
  for (const row of rows) {
    const candidate = byName.get(row.speakerName!) ?? { name: row.speakerName!, role: null, quotes: 0, articles: [] }
    candidate.quotes++
    candidate.role ??= row.speakerRole
    if (!candidate.articles.includes(row.article.slug)) candidate.articles.push(row.article.slug)
    byName.set(candidate.name, candidate)
  }
  return [...byName.values()].sort((a, b) => b.quotes - a.quotes || a.name.localeCompare(b.name))
}

/** Registers a candidate as an entity (its role as office) and makes it the speaker of the quotes that name it. */
export async function acceptSpeakerCandidate (unitOfWork: UnitOfWork, input: AcceptCandidate): Promise<{ entity: EntityRef, quotes: number }> {
  return unitOfWork.run(async (tx, changes) => {
    const quotes = await tx.quote.findMany({ where: { speakerId: null, speakerName: input.name, ...shownQuotes }, select: { id: true, speakerRole: true } })
    if (quotes.length === 0) throw notFound(`A candidate speaker named "${input.name}"`)
    const slug = input.slug ?? slugFrom(input.name, '/name')
    if (await tx.entity.findUnique({ where: { slug }, select: { id: true } })) {
      throw new ProblemError(409, `An entity "${slug}" exists already; give another slug, or set it as the speaker with PATCH /v1/quotes/{id}.`)
    }
    const office = quotes.find(q => q.speakerRole)?.speakerRole ?? null
    const entity = await tx.entity.create({ data: { slug, kind: input.kind, name: input.name, office }, select: { id: true, slug: true, kind: true, name: true } })
    const linked = await tx.quote.updateMany({ where: { id: { in: quotes.map(q => q.id) } }, data: { speakerId: entity.id } })
    changes.record({ resource: 'entity', id: slug, event: 'created' })
    return { entity: { slug: entity.slug, kind: entity.kind, name: entity.name }, quotes: linked.count }
  })
}
