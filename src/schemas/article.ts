import { Type, type Static } from 'typebox'
import { Nullable, Slug, listOf, sparse, type Match, Timestamp } from './common.js'
import { listQuerySchema, rangeOps, type ListSpec } from './list-query.js'

export const ArticleStatus = Type.Enum(['draft', 'scheduled', 'published', 'archived'],
  { description: 'draft and archived are never public; scheduled becomes public when publishedAt comes.' })

export const TagSchema = Type.Object({ slug: Type.String(), name: Type.String() })

export const ArticleSummarySchema = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  standfirst: Nullable(Type.String()),
  dateline: Nullable(Type.String({ description: 'Where the story was filed from.' })),
  byline: Nullable(Type.String({ description: 'As written; when none was, made from the authors\' names ("A and B").' })),
  authors: Type.Array(Type.Ref('AuthorRef'), { description: 'The authors, in byline order.' }),
  section: Nullable(Type.Ref('SectionRef')),
  tags: Type.Array(TagSchema),
  status: Type.String(),
  publishedAt: Nullable(Timestamp),
  dateModified: Nullable({ ...Timestamp, description: 'When the story last changed editorially once public (wording, authors, section, tags, a correction); its publish time if never. Null until it has one.' }),
  updatedAt: Timestamp,
  commentCount: Type.Integer({ description: 'Approved comments, replies included.' }),
  likeCount: Type.Integer({ description: 'Readers who like the article.' })
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
  leadImage: Nullable(Type.Ref('LeadImage')),
  corrections: Type.Array(Type.Ref('Correction'), { description: 'Corrections and update notices, oldest first.' }),
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

export const articleList = {
  resource: 'articles',
  filters: {
    slug: { type: 'slug', ops: ['eq', 'in', 'prefix'], description: 'slug' },
    publishedAt: { type: 'date', ops: rangeOps, description: 'publication time' },
    updatedAt: { type: 'date', ops: rangeOps, description: 'last change' },
    tag: { type: 'slug', ops: ['eq', 'in'], all: true, description: 'tag slugs include the value (eq: every value; in: any)' },
    entity: { type: 'slug', ops: ['eq', 'in'], all: true, description: 'mentioned entities (by slug) include the value (eq: every value; in: any)' },
    dateline: { type: 'string', ops: ['eq', 'prefix'], description: 'dateline place' },
    byline: { type: 'string', ops: ['eq'], description: 'byline' },
    author: { type: 'slug', ops: ['eq', 'in'], all: true, description: 'authors (by slug) include the value (eq: every value; in: any)' },
    section: { type: 'slug', ops: ['eq', 'in'], description: 'section (by slug), or a section above it,' }
  },
  sorts: { publishedAt: 'date', updatedAt: 'date', title: 'string' },
  defaultSort: '-publishedAt',
  includes: articleIncludes,
  fields: Object.keys(ArticleSummarySchema.properties),
  search: 'title, standfirst and body'
} as const satisfies ListSpec

export const ArticleListQuery = listQuerySchema(articleList)

export const ArticleListItemSchema = Type.Object({
  ...sparse(ArticleSummarySchema.properties),
  entities: Type.Optional(Type.Array(MentionedEntitySchema, { description: 'With include=entities: the entities the article mentions, most mentioned first.' })),
  quotes: Type.Optional(Type.Array(ArticleQuoteSchema, { description: 'With include=quotes: the quotes in the article, in reading order.' })),
  match: Type.Optional(Type.Ref('Match'))
}, { $id: 'ArticleListItem', title: 'ArticleListItem', description: 'An article summary; `fields=` keeps only the properties it names.' })
export type ArticleListItem = Partial<ArticleSummary> & Pick<Article, 'entities' | 'quotes'> & { match?: Match }

export const ArticleListSchema = listOf(Type.Ref('ArticleListItem'), 'ArticleList')
