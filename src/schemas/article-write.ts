import { Type, type Static } from 'typebox'
import { Slug, Timestamp } from './common.js'
import { articleFields, articleProperties, requiredOnCreate } from './article-fields.js'

// What editors and scripts send to create, replace and change articles, and what
// revisions look like. Every string and list is bounded; unknown properties are 400s.

export const ArticleWriteBody = Type.Object({
  slug: Type.Optional({ ...Slug, description: 'Made from the title when absent (diacritics folded: "Erdoğan" becomes "erdogan").' }),
  ...articleProperties(requiredOnCreate)
}, { additionalProperties: false, title: 'ArticleWrite' })
export type ArticleWrite = Static<typeof ArticleWriteBody>

export const ArticlePutBody = Type.Object({
  slug: Type.Optional({ ...Slug, description: 'If sent, it must equal the slug in the path.' }),
  ...articleProperties(requiredOnCreate)
}, { additionalProperties: false, title: 'ArticlePut' })

export const ArticlePatchBody = Type.Object(articleProperties(), { additionalProperties: false, minProperties: 1, title: 'ArticlePatch' })
export type ArticlePatch = Static<typeof ArticlePatchBody>

export const ArticleWriteQuery = Type.Object({}, { additionalProperties: false })

export const RevisionSummarySchema = Type.Object({
  version: Type.Integer(),
  actor: Type.String({ description: 'The name of the API token that made the change (or seed / cli).' }),
  createdAt: Timestamp
}, { $id: 'RevisionSummary', title: 'RevisionSummary' })

export const RevisionSchema = Type.Object({
  ...RevisionSummarySchema.properties,
  article: Type.Object({
    slug: Type.String(),
    ...articleFields
  }, { description: 'The article as it was at this version.' })
}, { $id: 'Revision', title: 'Revision' })
export type Revision = Static<typeof RevisionSchema>

export const RevisionListSchema = Type.Object({ data: Type.Array(Type.Ref('RevisionSummary')) }, { title: 'RevisionList' })

// The maximum is PostgreSQL's integer: a larger version is a 400, not a database error.
export const RevisionParams = Type.Object({ slug: Slug, version: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false })

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ maxLength: 1000, description: 'The ETag of the version you edited; 412 if it is no longer current. Without it the write is unconditional.' }))
})
