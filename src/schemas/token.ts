import { Type, type Static } from 'typebox'
import { Id, Nullable, PageQuery, listOf, Timestamp } from './common.js'

export const scopes = ['content:read', 'content:write', 'comments:moderate', 'admin'] as const
export type Scope = typeof scopes[number]

export const ScopeSchema = Type.Enum([...scopes], {
  description: 'content:read: drafts and unpublished items. content:write: create, change and delete content (includes content:read). comments:moderate: the comment queue. admin: tokens and everything else (includes every scope).'
})

export const TokenSchema = Type.Object({
  id: Id,
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to tell tokens apart. The token itself is never shown again.' }),
  scopes: Type.Array(ScopeSchema),
  status: Type.Enum(['active', 'expired', 'revoked']),
  expiresAt: Nullable(Timestamp),
  lastUsedAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
  createdAt: Timestamp
}, { $id: 'Token', title: 'Token' })
export type Token = Static<typeof TokenSchema>

export const CreatedTokenSchema = Type.Object({
  ...TokenSchema.properties,
  token: Type.String({ description: 'The secret: send it as `Authorization: Bearer <token>`. Shown only in this answer.' })
}, { title: 'CreatedToken' })

export const CreateTokenBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'Unique; revisions and logs name changes by it.' }),
  scopes: Type.Array(ScopeSchema, { minItems: 1, maxItems: scopes.length, uniqueItems: true }),
  expiresAt: Type.Optional(Type.String({ format: 'date-time', description: 'When the token stops working; never, if absent.' }))
}, { additionalProperties: false })
export type CreateToken = Static<typeof CreateTokenBody>

export const TokenParams = Type.Object({ id: Id }, { additionalProperties: false })
export const TokenListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false })
export const TokenListSchema = listOf(Type.Ref('Token'), 'TokenList')
