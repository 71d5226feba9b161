import { Type, type Static } from 'typebox'
import { Timestamp } from './common.js'

// Corrections and update notices: appended to a published article, never edited
// away, each with its time. They show in the article, its JSON-LD and its feed entry.

export const CorrectionKind = Type.Enum(['correction', 'update'], { description: 'correction: the article got something wrong; update: it has news added.' })

export const CorrectionSchema = Type.Object({
  id: Type.String(),
  kind: CorrectionKind,
  text: Type.String(),
  createdAt: Timestamp
}, {
  $id: 'Correction',
  title: 'Correction',
  examples: [{ id: '0b6f2b7e-8f4c-4a53-9b8e-3f6a0d3c2a11', kind: 'correction', text: 'An earlier version of this article misstated the date of the summit.', createdAt: '2018-09-08T09:30:00.000Z' }]
})
export type Correction = Static<typeof CorrectionSchema>

export const CorrectionWriteBody = Type.Object({
  kind: CorrectionKind,
  text: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' })
}, { additionalProperties: false, title: 'CorrectionWrite', examples: [{ kind: 'correction', text: 'An earlier version of this article misstated the date of the summit.' }] })
export type CorrectionWrite = Static<typeof CorrectionWriteBody>
