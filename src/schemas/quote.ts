import { Type, type Static } from 'typebox'
import { Id, Nullable, listOf, sparse, type Match, Timestamp } from './common.js'
import { listQuerySchema, rangeOps, type ListSpec } from './list-query.js'

export const QuoteSchema = Type.Object({
  id: Id,
  text: Type.String({ description: 'The exact words, without the quotation marks.' }),
  speaker: Nullable(Type.Ref('EntityRef', { description: 'Who said it; null while unattributed.' })),
  article: Type.Object({ slug: Type.String(), title: Type.String(), publishedAt: Nullable(Timestamp) }),
  context: Nullable(Type.String({ description: 'The sentence the quote stands in.' })),
  position: Nullable(Type.Integer({ description: 'Character offset of the quote in the article body.' })),
  verified: Type.Boolean({ description: 'An editor has checked the wording and the speaker.' }),
  source: Type.String({ description: 'automatic (found by analysis) or editorial (set or corrected by an editor).' })
}, { $id: 'Quote', title: 'Quote' })
export type Quote = Static<typeof QuoteSchema>

export const quoteList = {
  resource: 'quotes',
  filters: {
    speaker: { type: 'slug', ops: ['eq', 'in'], description: 'speaker (an entity slug)' },
    article: { type: 'slug', ops: ['eq', 'in'], description: 'article (by slug)' },
    verified: { type: 'boolean', ops: ['eq'], description: 'verified flag' },
    createdAt: { type: 'date', ops: rangeOps, description: 'creation time' }
  },
  sorts: { createdAt: 'date' },
  defaultSort: '-createdAt',
  includes: [],
  fields: Object.keys(QuoteSchema.properties),
  search: 'the quoted text'
} as const satisfies ListSpec

export const QuoteListQuery = listQuerySchema(quoteList)

export const QuoteListItemSchema = Type.Object({
  ...sparse(QuoteSchema.properties),
  match: Type.Optional(Type.Ref('Match'))
}, { $id: 'QuoteListItem', title: 'QuoteListItem', description: 'A quote; `fields=` keeps only the properties it names.' })
export type QuoteListItem = Partial<Quote> & { match?: Match }

export const QuoteParams = Type.Object({ id: Id }, { additionalProperties: false })

export const QuoteListSchema = listOf(Type.Ref('QuoteListItem'), 'QuoteList')
