import { Type, type Static } from 'typebox'
import { Id, Nullable, PageQuery, Timestamp, listOf, sparse } from './common.js'
import { listQuerySchema, rangeOps, type ListSpec } from './list-query.js'

// Comments and likes. The commenter's email is accepted on submit and never leaves
// the server: no schema below has a field for it.

export const commentStatuses = ['pending', 'approved', 'spam', 'trash'] as const
export type CommentStatus = typeof commentStatuses[number]
export const CommentStatusSchema = Type.Enum([...commentStatuses], {
  description: 'pending: waits for a moderator. approved: public. spam and trash: never public.'
})

const Website = Type.String({ maxLength: 500, format: 'uri', pattern: '^https?://', description: 'An http(s) URL.' })

export const CreateCommentBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'Shown with the comment.' }),
  email: Type.String({ maxLength: 254, format: 'email', description: 'Required, never published, never in any answer.' }),
  body: Type.String({ minLength: 1, maxLength: 5000, pattern: '\\S', description: 'Plain text.' }),
  website: Type.Optional(Website),
  parentId: Type.Optional(Type.String({ format: 'uuid', description: 'Reply to this approved comment on the same article.' })),
  honeypot: Type.Optional(Type.String({ maxLength: 500, description: 'The value of a hidden form field people leave empty; anything in it marks the comment as spam.' }))
}, { additionalProperties: false })
export type CreateComment = Static<typeof CreateCommentBody>

/** What anyone may see of a comment: never its email or IP hash. */
const commentFields = {
  id: Id,
  parentId: Nullable(Id),
  authorName: Type.String(),
  website: Nullable(Type.String()),
  body: Type.String(),
  createdAt: Timestamp
}

export const PublicCommentSchema = Type.Object({
  ...commentFields,
  replies: Type.Array(Type.Ref('PublicComment'), { description: 'Approved replies, oldest first, each with its own replies.' })
}, { $id: 'PublicComment', title: 'PublicComment' })
export interface PublicComment {
  id: string, parentId: string | null, authorName: string, website: string | null, body: string, createdAt: string, replies: PublicComment[]
}

export const PostedCommentSchema = Type.Object({
  ...commentFields,
  moderation: Type.Enum(['published', 'held'], { description: 'published: it is public now. held: it waits for a moderator.' }),
  message: Type.String()
}, { title: 'PostedComment' })
export type PostedComment = Static<typeof PostedCommentSchema>

export const SpamCheckSchema = Type.Object({
  verdict: Type.Enum(['pass', 'hold', 'spam'], { description: 'What the checks concluded: pass (clean), hold (needs a person), spam.' }),
  reasons: Type.Array(Type.String(), { description: 'Why, one line per rule that fired.' }),
  akismet: Type.Optional(Type.Enum(['ham', 'spam', 'error'], { description: 'The Akismet answer, when a key is configured.' }))
}, { title: 'SpamCheck' })
export type SpamCheck = Static<typeof SpamCheckSchema>

export const ModeratedCommentSchema = Type.Object({
  id: Id,
  article: Type.String({ description: 'The article slug.' }),
  parentId: Nullable(Id),
  authorName: Type.String(),
  website: Nullable(Type.String()),
  body: Type.String(),
  status: CommentStatusSchema,
  spamCheck: Nullable(SpamCheckSchema),
  createdAt: Timestamp,
  updatedAt: Timestamp
}, { $id: 'ModeratedComment', title: 'ModeratedComment', description: 'A comment as moderators see it (never with the email).' })
export type ModeratedComment = Static<typeof ModeratedCommentSchema>

export const CommentParams = Type.Object({ id: Id }, { additionalProperties: false })

export const PublicCommentListQuery = Type.Object({
  ...PageQuery,
  sort: Type.Optional(Type.Enum(['createdAt', '-createdAt'], { default: 'createdAt', description: 'Order of top-level comments: oldest first (default) or newest first. Replies are always oldest first.' }))
}, { additionalProperties: false })

/**
 * The moderation queue's whitelist in the list grammar. Nothing private (the email,
 * the IP hash) can be filtered, sorted or selected: the querystring schema names
 * only these keys, so any other is a 400 before a query is built.
 */
export const moderatedCommentList = {
  resource: 'comments',
  filters: {
    status: { type: 'enum', values: commentStatuses, ops: ['eq', 'in'], description: 'status' },
    article: { type: 'slug', ops: ['eq', 'in'], description: 'article (by slug)' },
    parentId: { type: 'string', ops: ['eq', 'in'], description: 'parent comment (by id): its direct replies' },
    createdAt: { type: 'date', ops: rangeOps, description: 'creation time' }
  },
  sorts: { createdAt: 'date' },
  defaultSort: '-createdAt',
  includes: [],
  fields: Object.keys(ModeratedCommentSchema.properties)
} as const satisfies ListSpec

export const ModerationQueueQuery = listQuerySchema(moderatedCommentList)

export const ModeratedCommentListItemSchema = Type.Object(sparse(ModeratedCommentSchema.properties), {
  $id: 'ModeratedCommentListItem',
  title: 'ModeratedCommentListItem',
  description: 'A comment as moderators see it (never with the email); `fields=` keeps only the properties it names.'
})
export type ModeratedCommentListItem = Partial<ModeratedComment>

export const UpdateCommentBody = Type.Object({
  status: Type.Optional(CommentStatusSchema),
  authorName: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' })),
  website: Type.Optional(Nullable(Website)),
  body: Type.Optional(Type.String({ minLength: 1, maxLength: 5000, pattern: '\\S' }))
}, { additionalProperties: false, minProperties: 1 })
export type UpdateComment = Static<typeof UpdateCommentBody>

export const BulkStatusBody = Type.Object({
  ids: Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true }),
  status: CommentStatusSchema
}, { additionalProperties: false })

export const BulkStatusResultSchema = Type.Object({
  updated: Type.Integer({ description: 'How many comments now have the status.' }),
  notFound: Type.Array(Id, { description: 'Ids that name no comment.' })
}, { title: 'BulkStatusResult' })

export const PublicCommentListSchema = listOf(Type.Ref('PublicComment'), 'PublicCommentList')
export const ModeratedCommentListSchema = listOf(Type.Ref('ModeratedCommentListItem'), 'ModeratedCommentList')

export const LikeHeaders = Type.Object({
  'x-reader-key': Type.Optional(Type.String({ minLength: 8, maxLength: 200, description: 'A random key the reader\'s browser keeps (e.g. in localStorage); without it the reader is known by IP. Stored only as a keyed hash.' }))
})

export const LikeResultSchema = Type.Object({
  liked: Type.Boolean(),
  likeCount: Type.Integer({ description: 'Likes the article has now.' })
}, { title: 'LikeResult' })

export const PrivacyRequestBody = Type.Object({
  email: Type.String({ maxLength: 254, format: 'email' })
}, { additionalProperties: false })

export const PrivacyExportSchema = Type.Object({
  comments: Type.Array(Type.Ref('ModeratedComment'), { description: 'Every comment made with the email, oldest first (the email itself is not repeated).' }),
  ipHashesHeld: Type.Integer({ description: 'How many of them still hold a hashed IP (erased after COMMENT_IP_RETENTION_DAYS).' })
}, { title: 'PrivacyExport' })

export const PrivacyEraseSchema = Type.Object({
  deleted: Type.Integer({ description: 'Comments deleted.' }),
  anonymized: Type.Integer({ description: 'Comments with replies by others: author, email, website, IP hash and text erased, the replies kept.' })
}, { title: 'PrivacyErase' })
