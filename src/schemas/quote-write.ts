import { Type, type Static } from 'typebox'
import { Nullable, Slug } from './common.js'

// Quote and manual-mention writes.

export const QuoteWriteBody = Type.Object({
  article: { ...Slug, description: 'Slug of the article the quote is in.' },
  text: Type.String({ minLength: 1, maxLength: 5000, pattern: '\\S', description: 'The exact words, without quotation marks.' }),
  speaker: Type.Optional(Nullable({ ...Slug, description: 'Slug of the entity who said it; null while unattributed.' })),
  context: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 5000, description: 'Found in the body when absent.' }))),
  verified: Type.Optional(Type.Boolean())
}, { additionalProperties: false, title: 'QuoteWrite' })
export type QuoteWrite = Static<typeof QuoteWriteBody>

export const QuotePatchBody = Type.Object({
  text: Type.Optional(QuoteWriteBody.properties.text),
  speaker: QuoteWriteBody.properties.speaker,
  context: QuoteWriteBody.properties.context,
  verified: QuoteWriteBody.properties.verified
}, { additionalProperties: false, minProperties: 1, title: 'QuotePatch' })
export type QuotePatch = Static<typeof QuotePatchBody>

export const MentionParams = Type.Object({ slug: Slug, entity: Slug }, { additionalProperties: false })

export const StoredMentionSchema = Type.Object({
  article: Type.String(),
  entity: Type.Ref('EntityRef'),
  count: Type.Integer({ description: 'How many times the article names the entity (0 when the editor links it without it being named).' }),
  offsets: Type.Array(Type.Object({ field: Type.String(), start: Type.Integer(), end: Type.Integer() })),
  source: Type.String({ description: 'editorial for mentions set through this API.' })
}, { $id: 'StoredMention', title: 'StoredMention' })
export type StoredMention = Static<typeof StoredMentionSchema>
