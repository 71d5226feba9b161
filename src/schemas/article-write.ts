import { Type, type Static } from 'typebox'
import { Nullable, Slug, Timestamp } from './common.js'
import { ArticleStatus } from './article.js'

// What editors and scripts send to create, replace and change articles, and what
// revisions look like. Every string and list is bounded; unknown properties are 400s.

const Name = Type.String({ minLength: 1, maxLength: 200 })

const articleFields = {
  title: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }),
  standfirst: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 1000 }))),
  body: Type.String({ minLength: 1, maxLength: 200_000, description: 'Plain text; paragraphs are separated by a blank line.' }),
  dateline: Type.Optional(Nullable(Name)),
  byline: Type.Optional(Nullable(Name)),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 30, uniqueItems: true })),
  authors: Type.Optional(Type.Array(Slug, { maxItems: 20, uniqueItems: true, description: 'Author slugs, in byline order (see /v1/authors).', examples: [['maria-haddad']] })),
  section: Type.Optional(Nullable({ ...Slug, description: 'The section\'s slug (see /v1/sections).', examples: ['middle-east'] })),
  status: Type.Optional({ ...ArticleStatus, description: 'draft (the default), scheduled (needs a future publishedAt), published (publishedAt defaults to when it first went public, else now) or archived.' }),
  publishedAt: Type.Optional(Nullable(Type.String({ format: 'date-time', description: 'When the article is or becomes public.' }))),
  commentsOpen: Type.Optional(Type.Boolean())
}

export const ArticleWriteBody = Type.Object({
  slug: Type.Optional({ ...Slug, description: 'Made from the title when absent (diacritics folded: "Erdoğan" becomes "erdogan").' }),
  ...articleFields
}, { additionalProperties: false, title: 'ArticleWrite' })
export type ArticleWrite = Static<typeof ArticleWriteBody>

export const ArticlePutBody = Type.Object({
  slug: Type.Optional({ ...Slug, description: 'If sent, it must equal the slug in the path.' }),
  ...articleFields
}, { additionalProperties: false, title: 'ArticlePut' })

export const ArticlePatchBody = Type.Object({
  title: Type.Optional(articleFields.title),
  standfirst: articleFields.standfirst,
  body: Type.Optional(articleFields.body),
  dateline: articleFields.dateline,
  byline: articleFields.byline,
  tags: articleFields.tags,
  authors: articleFields.authors,
  section: articleFields.section,
  status: articleFields.status,
  publishedAt: articleFields.publishedAt,
  commentsOpen: articleFields.commentsOpen
}, { additionalProperties: false, minProperties: 1, title: 'ArticlePatch' })
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
    title: Type.String(),
    standfirst: Nullable(Type.String()),
    body: Type.String(),
    dateline: Nullable(Type.String()),
    byline: Nullable(Type.String()),
    tags: Type.Array(Type.String()),
    authors: Type.Array(Type.String(), { description: 'Author slugs, in byline order.' }),
    section: Nullable(Type.String({ description: 'The section\'s slug.' })),
    status: Type.String(),
    publishedAt: Nullable(Timestamp),
    commentsOpen: Type.Boolean()
  }, { description: 'The article as it was at this version.' })
}, { $id: 'Revision', title: 'Revision' })
export type Revision = Static<typeof RevisionSchema>

export const RevisionListSchema = Type.Object({ data: Type.Array(Type.Ref('RevisionSummary')) }, { title: 'RevisionList' })

// The maximum is PostgreSQL's integer: a larger version is a 400, not a database error.
export const RevisionParams = Type.Object({ slug: Slug, version: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false })

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ maxLength: 1000, description: 'The ETag of the version you edited; 412 if it is no longer current. Without it the write is unconditional.' }))
})
