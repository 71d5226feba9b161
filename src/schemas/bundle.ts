import { Type, type Static } from 'typebox'
import { EntityKind, Slug } from './common.js'
import { articleProperties, requiredOnCreate } from './article-fields.js'
import { Predicate } from './entity.js'

// A content bundle: the seed's format, and what import and export exchange.
// Records refer to each other by slug, so a bundle reads and edits by hand.

const Name = Type.String({ minLength: 1, maxLength: 200 })
const Names = Type.Array(Name, { maxItems: 50, uniqueItems: true })
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength })

export const BundleEntitySchema = Type.Object({
  slug: Slug,
  kind: EntityKind,
  name: Name,
  summary: Type.Optional(Text(2000)),
  isoCode: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  office: Type.Optional(Name),
  country: Type.Optional(Slug),
  aliases: Type.Optional(Names),
  demonyms: Type.Optional(Names),
  formerNames: Type.Optional(Names)
}, { additionalProperties: false })
export type BundleEntity = Static<typeof BundleEntitySchema>

export const BundleRelationSchema = Type.Object({
  subject: Slug,
  predicate: Predicate,
  object: Type.Optional(Slug),
  objectName: Type.Optional(Name),
  article: Type.Optional(Slug)
}, { additionalProperties: false })
export type BundleRelation = Static<typeof BundleRelationSchema>

export const BundleArticleSchema = Type.Object({
  slug: Slug,
  ...articleProperties([...requiredOnCreate, 'status'])
}, { additionalProperties: false })
export type BundleArticle = Static<typeof BundleArticleSchema>

export const BundleAuthorSchema = Type.Object({
  slug: Slug,
  name: Name,
  bio: Type.Optional(Text(5000)),
  role: Type.Optional(Name),
  avatar: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 })),
  links: Type.Optional(Type.Array(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }), { maxItems: 20, uniqueItems: true }))
}, { additionalProperties: false })
export type BundleAuthor = Static<typeof BundleAuthorSchema>

export const BundleSectionSchema = Type.Object({
  slug: Slug,
  name: Name,
  description: Type.Optional(Text(2000)),
  parent: Type.Optional(Slug),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 }))
}, { additionalProperties: false })
export type BundleSection = Static<typeof BundleSectionSchema>

export const BundleQuoteSchema = Type.Object({
  article: Slug,
  text: Text(5000),
  speaker: Type.Optional(Type.Union([Slug, Type.Null()])),
  context: Type.Optional(Text(5000)),
  verified: Type.Optional(Type.Boolean())
}, { additionalProperties: false })
export type BundleQuote = Static<typeof BundleQuoteSchema>

export const BundleSchema = Type.Object({
  format: Type.Literal('dateline-bundle'),
  version: Type.Literal(1),
  entities: Type.Optional(Type.Array(BundleEntitySchema, { maxItems: 100_000 })),
  authors: Type.Optional(Type.Array(BundleAuthorSchema, { maxItems: 100_000 })),
  sections: Type.Optional(Type.Array(BundleSectionSchema, { maxItems: 10_000, description: 'Parents may come after their children; each is placed once its parent exists.' })),
  relations: Type.Optional(Type.Array(BundleRelationSchema, { maxItems: 100_000 })),
  articles: Type.Optional(Type.Array(BundleArticleSchema, { maxItems: 100_000 })),
  quotes: Type.Optional(Type.Array(BundleQuoteSchema, { maxItems: 200_000 }))
}, { additionalProperties: false, $id: 'Bundle', title: 'Bundle' })
export type Bundle = Static<typeof BundleSchema>
