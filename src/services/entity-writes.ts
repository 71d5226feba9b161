import type { Db } from '../db/client.js'
import type { ChangeLog } from '../db/unit-of-work.js'
import { ProblemError, notFound, type FieldError } from '../errors.js'
import type { BundleEntity } from '../schemas/bundle.js'
import type { Entity } from '../schemas/entity.js'
import type { EntityPatch, EntityWrite, RelationWrite, StoredRelation } from '../schemas/entity-write.js'
import type { UpsertOutcome } from '../schemas/common.js'
import { failIfAny } from './article-lifecycle.js'
import { upsertOutcome } from './article-writes.js'
import { slugFrom } from './slugs.js'
import type { WriteDoor } from './compose.js'
import { lockRow, requireMatch } from './preconditions.js'

// Editorial writes to entities and their declared relations. An entity has no version
// column, so its version for If-Match is its update time (in the ETag as "u<time>").
// Renaming an entity or changing its aliases does not relink articles here: the
// automatic re-analysis does that.

export const entityVersionTag = (updatedAt: Date) => `u${updatedAt.getTime().toString(36)}`

function toBundle (slug: string, input: EntityWrite): BundleEntity {
  return {
    slug,
    kind: input.kind,
    name: input.name,
    ...(input.summary ? { summary: input.summary } : {}),
    ...(input.isoCode ? { isoCode: input.isoCode } : {}),
    ...(input.office ? { office: input.office } : {}),
    ...(input.country ? { country: input.country } : {}),
    aliases: input.aliases ?? [],
    demonyms: input.demonyms ?? [],
    formerNames: input.formerNames ?? []
  }
}

const relationInclude = {
  subject: { select: { slug: true, kind: true, name: true } },
  object: { select: { slug: true, kind: true, name: true } },
  article: { select: { slug: true } }
}

export class EntityWriter {
  constructor (private readonly door: WriteDoor) {}

  async #write (tx: Db, changes: ChangeLog, input: BundleEntity): Promise<Entity> {
    let countryId: string | null = null
    if (input.country) {
      countryId = (await tx.entity.findUnique({ where: { slug: input.country }, select: { id: true } }))?.id ?? null
      if (!countryId) failIfAny([{ in: 'body', pointer: '/country', message: `names no entity ("${input.country}")` }])
    }
    const entities = this.door.readers(tx).entities
    const { change } = await entities.upsert(input, countryId)
    const entity = await entities.get(input.slug)
    if (change !== 'unchanged') changes.record({ resource: 'entity', id: input.slug, event: change, data: entity })
    return entity
  }

  async create (input: EntityWrite): Promise<Entity> {
    const slug = input.slug ?? slugFrom(input.name, '/name')
    return this.door.unitOfWork.run(async (tx, changes) => {
      if (await tx.entity.findUnique({ where: { slug }, select: { id: true } })) {
        throw new ProblemError(409, `An entity with the slug "${slug}" already exists; PUT /v1/entities/${slug} replaces it.`)
      }
      return this.#write(tx, changes, toBundle(slug, input))
    })
  }

  async put (slug: string, input: EntityWrite, ifMatch?: string): Promise<{ entity: Entity, outcome: UpsertOutcome }> {
    if (input.slug !== undefined && input.slug !== slug) failIfAny([{ in: 'body', pointer: '/slug', message: `must equal the slug in the path (${slug})` }])
    return this.door.unitOfWork.run(async (tx, changes) => {
      await lockRow(tx, 'Entity', slug)
      const existing = await tx.entity.findUnique({ where: { slug }, select: { updatedAt: true } })
      requireMatch(ifMatch, existing ? entityVersionTag(existing.updatedAt) : null, `Entity "${slug}"`)
      const entity = await this.#write(tx, changes, toBundle(slug, input))
      return { entity, outcome: upsertOutcome(existing === null, changes) }
    })
  }

  async patch (slug: string, input: EntityPatch, ifMatch?: string): Promise<Entity> {
    return this.door.unitOfWork.run(async (tx, changes) => {
      await lockRow(tx, 'Entity', slug)
      const existing = await tx.entity.findUnique({ where: { slug }, include: { aliases: true, country: { select: { slug: true } } } })
      if (!existing) throw notFound(`Entity "${slug}"`)
      requireMatch(ifMatch, entityVersionTag(existing.updatedAt), `Entity "${slug}"`)
      const names = (kind: string) => existing.aliases.filter(a => a.kind === kind).map(a => a.name)
      const pick = <K extends keyof EntityPatch>(key: K, stored: EntityPatch[K]) => input[key] !== undefined ? input[key] : stored
      return this.#write(tx, changes, toBundle(slug, {
        kind: input.kind ?? existing.kind as EntityWrite['kind'],
        name: input.name ?? existing.name,
        summary: pick('summary', existing.summary),
        isoCode: pick('isoCode', existing.isoCode),
        office: pick('office', existing.office),
        country: pick('country', existing.country?.slug ?? null),
        aliases: input.aliases ?? names('alias'),
        demonyms: input.demonyms ?? names('demonym'),
        formerNames: input.formerNames ?? names('former_name')
      }))
    })
  }

  async delete (slug: string, ifMatch?: string): Promise<void> {
    await this.door.unitOfWork.run(async (tx, changes) => {
      await lockRow(tx, 'Entity', slug)
      const existing = await tx.entity.findUnique({ where: { slug }, select: { id: true, updatedAt: true } })
      if (!existing) throw notFound(`Entity "${slug}"`)
      requireMatch(ifMatch, entityVersionTag(existing.updatedAt), `Entity "${slug}"`)
      await tx.entity.delete({ where: { id: existing.id } })
      changes.record({ resource: 'entity', id: slug, event: 'deleted', data: { slug } })
    })
  }

  /** Adds a relation, or answers the existing one (created false) when it is already declared. */
  async addRelation (input: RelationWrite): Promise<{ relation: StoredRelation, created: boolean }> {
    return this.door.unitOfWork.run(async (tx, changes) => {
      const errors: FieldError[] = []
      const entity = async (slug: string, pointer: string) => {
        const id = (await tx.entity.findUnique({ where: { slug }, select: { id: true } }))?.id
        if (!id) errors.push({ in: 'body', pointer, message: `names no entity ("${slug}")` })
        return id ?? null
      }
      const subjectId = await entity(input.subject, '/subject')
      const objectId = input.object ? await entity(input.object, '/object') : null
      let articleId: string | null = null
      if (input.article) {
        articleId = (await tx.article.findUnique({ where: { slug: input.article }, select: { id: true } }))?.id ?? null
        if (!articleId) errors.push({ in: 'body', pointer: '/article', message: `names no article ("${input.article}")` })
      }
      if (!input.object && !input.objectName) errors.push({ in: 'body', pointer: '/object', message: 'is required unless objectName is sent' })
      if (input.object && input.objectName) errors.push({ in: 'body', pointer: '/objectName', message: 'must be left out when object is sent' })
      failIfAny(errors)
      const { change } = await this.door.readers(tx).entities.upsertRelation({ subjectId: subjectId!, objectId, articleId }, input)
      const row = await tx.entityRelation.findFirstOrThrow({
        where: { subjectId: subjectId!, predicate: input.predicate, objectId, objectName: objectId ? null : input.objectName ?? null },
        include: relationInclude
      })
      const relation = toRelation(row)
      if (change !== 'unchanged') changes.record({ resource: 'relation', id: relation.id, event: change, data: relation })
      return { relation, created: change === 'created' }
    })
  }

  async deleteRelation (id: string): Promise<void> {
    await this.door.unitOfWork.run(async (tx, changes) => {
      const { count } = await tx.entityRelation.deleteMany({ where: { id } })
      if (count === 0) throw notFound(`Relation "${id}"`)
      changes.record({ resource: 'relation', id, event: 'deleted', data: { id } })
    })
  }
}

function toRelation (row: {
  id: string, predicate: string, objectName: string | null
  subject: { slug: string, kind: string, name: string }
  object: { slug: string, kind: string, name: string } | null
  article: { slug: string } | null
}): StoredRelation {
  return {
    id: row.id,
    subject: row.subject,
    predicate: row.predicate,
    object: row.object ?? { slug: null, kind: null, name: row.objectName ?? '' },
    article: row.article?.slug ?? null
  }
}
