import { Type, type Static, type TSchema } from 'typebox'

// Shared OpenAPI components. Each has an $id, so @fastify/swagger publishes it once
// under components.schemas and routes refer to it.

export const ProblemSchema = Type.Object({
  type: Type.String({ description: 'A URI naming the kind of problem; `about:blank` when the HTTP status says it all.' }),
  title: Type.String({ description: 'Short summary of the kind of problem.' }),
  status: Type.Integer({ minimum: 400, maximum: 599 }),
  detail: Type.Optional(Type.String({ description: 'What went wrong with this request.' })),
  instance: Type.Optional(Type.String({ description: 'The request path.' })),
  requestId: Type.String({ description: 'Quote it when reporting a problem: it finds the request in the logs.' }),
  errors: Type.Optional(Type.Array(Type.Object({
    in: Type.Enum(['body', 'query', 'path', 'header']),
    pointer: Type.String({ description: 'JSON pointer to the bad field within `in` (RFC 6901), e.g. `/limit`.' }),
    message: Type.String()
  }), { description: 'Each invalid field, for validation problems.' }))
}, { $id: 'Problem', title: 'Problem', description: 'An RFC 9457 problem details answer (application/problem+json).' })
export type Problem = Static<typeof ProblemSchema>

const problemRef = Type.Ref('Problem')

/** Response entry for an error status: problem+json, as the error handler sends it. */
export function problem (description: string) {
  return { description, content: { 'application/problem+json': { schema: problemRef } } }
}

export const errorResponses = {
  400: problem('The request is malformed: an unknown or invalid parameter or field, named in `errors`.'),
  // Every route, public ones too: a token that was sent must be good (see auth.ts).
  401: problem('No token where one is needed, or a token that is malformed, unknown, expired or revoked (see WWW-Authenticate).'),
  500: problem('Something failed on the server; the answer carries only the request id.'),
  503: problem('The database is unavailable; try again shortly.')
}

/** What a PUT upsert did: sent as the `X-Outcome` header so a script can count without comparing bodies. */
export type UpsertOutcome = 'created' | 'updated' | 'unchanged'

export const OutcomeHeader = {
  'x-outcome': Type.Enum(['created', 'updated', 'unchanged'], { description: 'What this PUT did: `created` (with 201), `updated` or `unchanged` (with 200; unchanged wrote nothing and kept the version).' })
}

/** A response entry with documented headers (OpenAPI `headers`). */
export function withHeaders<T extends object> (entry: T, headers: Record<string, TSchema>): T & { headers: Record<string, TSchema> } {
  return { ...entry, headers }
}

/** Response entry for a success status: JSON with the given schema. */
export function ok<T extends TSchema> (schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } }
}

export const Slug = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', minLength: 1, maxLength: 200, description: 'Lowercase words joined by hyphens.' })
export const Id = Type.String({ format: 'uuid' })
export const Timestamp = Type.String({ format: 'date-time' })
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'How many items a page holds (1 to 100).' })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Opaque cursor from `meta.nextCursor` of the previous page.' }))
}

export const PageMetaSchema = Type.Object({
  limit: Type.Integer(),
  nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` to get the next page; null on the last page.' })),
  next: Nullable(Type.String({ description: 'Path and query of the next page; null on the last page.' })),
  total: Type.Optional(Type.Integer({ description: 'With count=true: how many items the filters (and q) match in all.' }))
}, { $id: 'PageMeta', title: 'PageMeta' })
export type PageMeta = Static<typeof PageMetaSchema>

export function listOf<T extends TSchema> (item: T, title: string) {
  return Type.Object({ data: Type.Array(item), meta: Type.Ref('PageMeta') }, { title })
}

/** The properties of an item schema, each optional: list items honour `fields=`. */
export function sparse<T extends Record<string, TSchema>> (properties: T): Record<string, TSchema> {
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, Type.Optional(v)]))
}

export const MatchSchema = Type.Object({
  score: Type.Number({ description: 'Relevance: higher is better. Comparable only within one search.' }),
  snippet: Type.String({ description: 'The best passage, HTML-escaped, each match between <mark> and </mark>.' })
}, { $id: 'Match', title: 'Match', description: 'Why a search result matched (only with q).' })
export type Match = Static<typeof MatchSchema>

export const EntityKind = Type.Enum(['country', 'leader', 'person', 'group', 'place', 'organization'],
  { description: 'What kind of thing the entity is.' })

export const EntityRefSchema = Type.Object({
  slug: Type.String(),
  kind: Type.String(),
  name: Type.String()
}, { $id: 'EntityRef', title: 'EntityRef', description: 'A short reference to an entity.' })
export type EntityRef = Static<typeof EntityRefSchema>

export const sharedSchemas = [ProblemSchema, PageMetaSchema, EntityRefSchema, MatchSchema]
