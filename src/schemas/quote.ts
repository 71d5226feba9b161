import { Type, type Static } from 'typebox'
import { Id, Nullable, PageQuery, Slug, listOf, Timestamp } from './common.js'

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

export const QuoteListQuery = Type.Object({
  speaker: Type.Optional({ ...Slug, description: 'Only quotes by the entity with this slug.' }),
  article: Type.Optional({ ...Slug, description: 'Only quotes from the article with this slug.' }),
  ...PageQuery
}, { additionalProperties: false })

export const QuoteParams = Type.Object({ id: Id }, { additionalProperties: false })

export const QuoteListSchema = listOf(Type.Ref('Quote'), 'QuoteList')
