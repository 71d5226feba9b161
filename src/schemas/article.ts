import { Type, type Static } from 'typebox'
import { Nullable, PageQuery, Slug, listOf, Timestamp } from './common.js'

export const ArticleStatus = Type.Enum(['draft', 'scheduled', 'published', 'archived'],
  { description: 'draft and archived are never public; scheduled becomes public when publishedAt comes.' })

export const TagSchema = Type.Object({ slug: Type.String(), name: Type.String() })

export const ArticleSummarySchema = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  standfirst: Nullable(Type.String()),
  dateline: Nullable(Type.String({ description: 'Where the story was filed from.' })),
  byline: Nullable(Type.String()),
  tags: Type.Array(TagSchema),
  status: Type.String(),
  publishedAt: Nullable(Timestamp),
  updatedAt: Timestamp
}, { $id: 'ArticleSummary', title: 'ArticleSummary' })
export type ArticleSummary = Static<typeof ArticleSummarySchema>

export const OffsetsSchema = Type.Array(Type.Object({
  field: Type.String({ description: 'title, standfirst or body' }),
  start: Type.Integer(),
  end: Type.Integer()
}), { description: 'Where the entity is named: character offsets (UTF-16 code units, as JavaScript counts) within the field.' })

export const MentionedEntitySchema = Type.Object({
  slug: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  count: Type.Integer({ description: 'How many times the article names the entity.' }),
  offsets: OffsetsSchema,
  source: Type.String({ description: 'automatic (found by the linker) or editorial (set by an editor).' })
})

export const ArticleQuoteSchema = Type.Object({
  id: Type.String(),
  text: Type.String(),
  speaker: Nullable(Type.Ref('EntityRef')),
  context: Nullable(Type.String()),
  position: Nullable(Type.Integer()),
  verified: Type.Boolean(),
  source: Type.String({ description: 'automatic (found by analysis) or editorial (set or corrected by an editor).' })
})

export const ArticleSchema = Type.Object({
  ...ArticleSummarySchema.properties,
  body: Type.String({ description: 'Plain text; paragraphs are separated by a blank line.' }),
  commentsOpen: Type.Boolean(),
  version: Type.Integer({ description: 'Increases with every change.' }),
  entities: Type.Optional(Type.Array(MentionedEntitySchema, { description: 'With include=entities: every entity the article mentions, most mentioned first.' })),
  quotes: Type.Optional(Type.Array(ArticleQuoteSchema, { description: 'With include=quotes: the quotes in the article, in reading order.' }))
}, { $id: 'Article', title: 'Article' })
export type Article = Static<typeof ArticleSchema>

export const articleIncludes = ['entities', 'quotes'] as const
export type ArticleInclude = typeof articleIncludes[number]

export const ArticleParams = Type.Object({ slug: Slug }, { additionalProperties: false })

export const ArticleQuery = Type.Object({
  include: Type.Optional(Type.String({ description: `Comma-separated relations to embed: ${articleIncludes.join(', ')}.`, examples: ['entities,quotes'] }))
}, { additionalProperties: false })

export const ArticleListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false })

export const ArticleListSchema = listOf(Type.Ref('ArticleSummary'), 'ArticleList')
