import { Type, type Static } from 'typebox'
import { Nullable, Slug } from './common.js'

export const SpeakerCandidateSchema = Type.Object({
  name: Type.String({ description: 'The speaker\'s name as articles give it.' }),
  role: Nullable(Type.String({ description: 'The role an article gives them ("Kremlin spokesman"), if any.' })),
  quotes: Type.Integer({ description: 'How many quotes they are kept as the speaker of.' }),
  articles: Type.Array(Type.String(), { description: 'Slugs of the articles those quotes are in.' })
}, { $id: 'SpeakerCandidate', title: 'SpeakerCandidate', description: 'A quote speaker named in articles whom the registry lacks.' })
export type SpeakerCandidate = Static<typeof SpeakerCandidateSchema>

export const AcceptCandidateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, description: 'The candidate\'s name, as listed.' }),
  kind: Type.Enum(['person', 'leader', 'organization', 'group'], { description: 'What kind of speaker to register them as.' }),
  slug: Type.Optional(Slug)
}, { additionalProperties: false })
export type AcceptCandidate = Static<typeof AcceptCandidateBody>
