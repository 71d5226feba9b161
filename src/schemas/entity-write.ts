import { Type, type Static } from 'typebox'
import { EntityKind, Id, Nullable, Slug } from './common.js'
import { Predicate } from './entity.js'

// What editors send to create, replace and change entities, and to add relations.

const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })
const Names = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50, uniqueItems: true })

const entityFields = {
  kind: EntityKind,
  name: Name,
  summary: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 2000 }))),
  isoCode: Type.Optional(Nullable(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 (countries).' }))),
  office: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  country: Type.Optional(Nullable({ ...Slug, description: 'Slug of the country entity a leader, group or place belongs to.' })),
  aliases: Type.Optional(Names),
  demonyms: Type.Optional(Names),
  formerNames: Type.Optional(Names)
}

export const EntityWriteBody = Type.Object({
  slug: Type.Optional({ ...Slug, description: 'Made from the name when absent (diacritics folded).' }),
  ...entityFields
}, { additionalProperties: false, title: 'EntityWrite' })
export type EntityWrite = Static<typeof EntityWriteBody>

export const EntityPatchBody = Type.Object({
  kind: Type.Optional(EntityKind),
  name: Type.Optional(Name),
  summary: entityFields.summary,
  isoCode: entityFields.isoCode,
  office: entityFields.office,
  country: entityFields.country,
  aliases: entityFields.aliases,
  demonyms: entityFields.demonyms,
  formerNames: entityFields.formerNames
}, { additionalProperties: false, minProperties: 1, title: 'EntityPatch' })
export type EntityPatch = Static<typeof EntityPatchBody>

export const RelationWriteBody = Type.Object({
  subject: { ...Slug, description: 'Slug of the subject entity.' },
  predicate: Predicate,
  object: Type.Optional({ ...Slug, description: 'Slug of the object entity; or send objectName.' }),
  objectName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The object when it is only a name (a former name, say).' })),
  article: Type.Optional({ ...Slug, description: 'Slug of the article the relation was reported in.' })
}, { additionalProperties: false, title: 'RelationWrite' })
export type RelationWrite = Static<typeof RelationWriteBody>

export const StoredRelationSchema = Type.Object({
  id: Id,
  subject: Type.Ref('EntityRef'),
  predicate: Type.String(),
  object: Type.Object({ slug: Nullable(Type.String()), kind: Nullable(Type.String()), name: Type.String() }),
  article: Nullable(Type.String())
}, { $id: 'StoredRelation', title: 'StoredRelation' })
export type StoredRelation = Static<typeof StoredRelationSchema>

export const RelationParams = Type.Object({ id: Id }, { additionalProperties: false })
