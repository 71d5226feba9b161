import { Type, type Static } from 'typebox'
import { EntityKind, Nullable, Slug, listOf, sparse, type Match, Timestamp } from './common.js'
import { listQuerySchema, rangeOps, type ListSpec } from './list-query.js'

export const Predicate = Type.Enum(['leads', 'supports', 'opposes', 'formerly_known_as', 'located_in', 'member_of', 'part_of', 'allied_with'],
  { description: 'How the subject relates to the object.' })

export const AliasSchema = Type.Object({
  name: Type.String(),
  kind: Type.Enum(['alias', 'former_name', 'demonym'])
})

export const RelationSchema = Type.Object({
  subject: Type.Ref('EntityRef'),
  predicate: Type.String(),
  object: Type.Object({
    slug: Nullable(Type.String()),
    kind: Nullable(Type.String()),
    name: Type.String()
  }, { description: 'The object entity; `slug` and `kind` are null when the object is only a name (a former name, say).' }),
  article: Nullable(Type.String({ description: 'Slug of the article the relation was reported in.' }))
}, { $id: 'Relation', title: 'Relation' })

export const EntitySummarySchema = Type.Object({
  slug: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  summary: Nullable(Type.String()),
  aliases: Type.Array(AliasSchema),
  isoCode: Nullable(Type.String({ description: 'ISO 3166-1 alpha-2 code (countries).' })),
  office: Nullable(Type.String({ description: 'Office held (leaders).' })),
  country: Nullable(Type.Ref('EntityRef')),
  updatedAt: Timestamp
}, { $id: 'EntitySummary', title: 'EntitySummary' })
export type EntitySummary = Static<typeof EntitySummarySchema>

export const EntitySchema = Type.Object({
  ...EntitySummarySchema.properties,
  relations: Type.Array(Type.Ref('Relation'), { description: 'Declared relations where this entity is the subject or the object.' })
}, { $id: 'Entity', title: 'Entity' })
export type Entity = Static<typeof EntitySchema>

export const entityList = {
  resource: 'entities',
  filters: {
    kind: { type: 'enum', values: EntityKind.enum, ops: ['eq', 'in'], description: 'kind' },
    slug: { type: 'slug', ops: ['eq', 'in', 'prefix'], description: 'slug' },
    name: { type: 'string', ops: ['eq', 'prefix'], description: 'name' },
    country: { type: 'slug', ops: ['eq', 'in'], description: 'country (by slug)' },
    updatedAt: { type: 'date', ops: rangeOps, description: 'last change' }
  },
  sorts: { name: 'string', updatedAt: 'date' },
  defaultSort: 'name',
  includes: [],
  fields: Object.keys(EntitySummarySchema.properties),
  search: 'name and aliases (spellings, former names, demonyms)'
} as const satisfies ListSpec

export const EntityListQuery = listQuerySchema(entityList)

export const EntityListItemSchema = Type.Object({
  ...sparse(EntitySummarySchema.properties),
  match: Type.Optional(Type.Ref('Match'))
}, { $id: 'EntityListItem', title: 'EntityListItem', description: 'An entity summary; `fields=` keeps only the properties it names.' })
export type EntityListItem = Partial<EntitySummary> & { match?: Match }

export const EntityParams = Type.Object({ slug: Slug }, { additionalProperties: false })

export const EntityListSchema = listOf(Type.Ref('EntityListItem'), 'EntityList')
