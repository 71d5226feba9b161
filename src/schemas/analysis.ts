import { Type, type Static } from 'typebox'
import { Nullable } from './common.js'
import { OffsetsSchema } from './article.js'

export const AttributionSchema = Type.Enum(['said-after', 'said-before', 'colon', 'according-to', 'pronoun', 'description', 'continuation', 'dash', 'previous-sentence'], {
  description: 'How the speaker was found: "…", X said / said spokesman X (said-after); X said, told reporters, wrote…: "…" (said-before); X: "…" (colon); according to X; he/she said, resolved to the subject of a sentence before or the last person who spoke, whichever came later (pronoun); the (Russian) president/the secretary said, resolved to the person named with that role or office, of that country if one is named (description); a further quote in the same paragraph with no one else named in between (continuation); "…" – X (dash); a quote standing alone, attributed in the sentence or paragraph before (previous-sentence).'
})

export const AnalysisSchema = Type.Object({
  article: Type.Object({ slug: Type.String(), version: Type.Integer() }),
  mentions: Type.Array(Type.Object({
    entity: Type.Ref('EntityRef'),
    count: Type.Integer(),
    offsets: OffsetsSchema
  }), { description: 'Known entities named in the title, standfirst and body, most named first.' }),
  quotes: Type.Array(Type.Object({
    text: Type.String({ description: 'The quoted words, without the quotation marks.' }),
    speaker: Nullable(Type.Ref('EntityRef', { description: 'Who said it; null when no known speaker was found.' })),
    speakerName: Nullable(Type.String({ description: 'A speaker the registry lacks, as the text names them; kept on the stored quote and offered as a candidate.' })),
    speakerRole: Nullable(Type.String({ description: 'The role the text gives that speaker ("Kremlin spokesman").' })),
    attribution: Nullable(AttributionSchema),
    position: Type.Integer({ description: 'Character offset of the text in the body.' }),
    context: Type.String({ description: 'The sentence the quote stands in.' })
  }), { description: 'Quotations of at least four words in the body, in reading order.' }),
  candidates: Type.Array(Type.Object({
    name: Type.String(),
    count: Type.Integer(),
    offsets: OffsetsSchema,
    speaker: Type.Optional(Type.Boolean({ description: 'Named as the speaker of a quote here.' })),
    role: Type.Optional(Type.String({ description: 'The role the text gives them.' }))
  }), { description: 'Names the registry lacks: quote speakers named in full (with their role), and capitalised names that recur or name a thing ("Astana process"). Suggestions: an editor accepts one with POST /v1/candidates.' })
}, { $id: 'Analysis', title: 'Analysis', description: 'What automatic analysis finds in an article. Analysis on demand saves nothing.' })
export type AnalysisResult = Static<typeof AnalysisSchema>
