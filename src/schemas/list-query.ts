import { Type, type TSchema } from 'typebox'
import { minPrefix, rankWindow } from '../services/search.js'
import { PageQuery } from './common.js'

// The list grammar every collection shares, as data: each resource declares which
// fields may be filtered (with which operators), sorted, included and selected, and
// listQuerySchema turns that whitelist into a querystring schema that names every
// allowed key. The app's Ajv rejects any other key (an unknown field or operator, a
// private column, `filter[Kind]`) with a 400 before a service sees the request.

export type Operator = 'eq' | 'in' | 'gt' | 'gte' | 'lt' | 'lte' | 'prefix'
export type FieldType = 'string' | 'slug' | 'enum' | 'date' | 'number' | 'boolean'

export interface FilterField {
  type: FieldType
  ops: readonly Operator[]
  description: string
  /** For enum fields: the allowed values. */
  values?: readonly string[]
  /** eq may be repeated (or comma-separated): every value must hold. */
  all?: boolean
}

export interface ListSpec {
  /** The resource's plural name, for messages. */
  resource: string
  filters: Record<string, FilterField>
  /** Sortable fields and the type of their values (cursors carry them). */
  sorts: Record<string, 'date' | 'string' | 'number'>
  /** The order when `sort` is absent, in `sort` syntax. */
  defaultSort: string
  /** Relations `include=` may embed. */
  includes: readonly string[]
  /** Properties `fields=` may keep. */
  fields: readonly string[]
  /** Whether `q=` (full-text search) is offered. */
  search?: string
}

export const rangeOps = ['gt', 'gte', 'lt', 'lte'] as const

const opWords: Record<Operator, string> = {
  eq: 'equal to',
  in: 'one of (comma-separated)',
  gt: 'after / greater than',
  gte: 'at or after / at least',
  lt: 'before / less than',
  lte: 'at or before / at most',
  prefix: 'starting with'
}

// A date alone (2018-09-01) means its first instant, UTC. A time may carry up to nine
// fractional digits (Python's isoformat gives six, Go's RFC 3339 nano nine), cut to
// the millisecond the databases keep.
export const datePattern = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$'
export const listPattern = '^[^,]+(,[^,]+)*$'

/** The query key for a filter: `filter[field]` for eq, `filter[field][op]` otherwise. */
export function filterKey (field: string, op: Operator): string {
  return op === 'eq' ? `filter[${field}]` : `filter[${field}][${op}]`
}

function valueSchema (name: string, field: FilterField, op: Operator): TSchema {
  const description = `Only ${name} whose ${field.description} is ${opWords[op]} the value.`
  if (op === 'in') {
    const examples = field.values ? [field.values.slice(0, 2).join(',')] : undefined
    return Type.String({ pattern: listPattern, maxLength: 2000, description, ...(examples ? { examples } : {}) })
  }
  switch (field.type) {
    case 'enum': return Type.Enum([...field.values ?? []], { description })
    case 'date': return Type.String({ pattern: datePattern, description: `${description} A date alone means its first instant (UTC).`, examples: ['2018-09-01'] })
    case 'number': return Type.Number({ description })
    case 'boolean': return Type.Boolean({ description })
    default: {
      const one = Type.String({ minLength: 1, maxLength: 200 })
      if (op === 'eq' && field.all) {
        return Type.Array(one, { maxItems: 20, description: `${description} Repeat the parameter (or separate values with commas) to require all of them.` })
      }
      return Type.String({ minLength: 1, maxLength: 200, description })
    }
  }
}

/** The querystring schema of a list: every filter key, sort, paging, count, include, fields and q. */
export function listQuerySchema (spec: ListSpec) {
  const name = spec.resource
  const properties: Record<string, TSchema> = {}
  for (const [field, def] of Object.entries(spec.filters)) {
    for (const op of def.ops) properties[filterKey(field, op)] = Type.Optional(valueSchema(name, def, op))
  }
  const sortable = Object.keys(spec.sorts)
  properties.sort = Type.Optional(Type.String({
    pattern: `^-?(${sortable.join('|')})(,-?(${sortable.join('|')}))*$`,
    description: `Comma-separated fields to order by, each ascending or, with a leading \`-\`, descending: ${sortable.join(', ')}. Default \`${spec.defaultSort}\`.${spec.search ? ' Not with `q`: search results are ordered by relevance.' : ''}`,
    examples: [spec.defaultSort]
  }))
  Object.assign(properties, PageQuery)
  properties.count = Type.Optional(Type.Boolean({ description: 'With `true`, `meta.total` counts every item the filters match (costs one more query).' }))
  if (spec.includes.length > 0) {
    properties.include = Type.Optional(Type.String({ pattern: listPattern, description: `Comma-separated relations to embed in each item: ${spec.includes.join(', ')}.`, examples: [spec.includes.join(',')] }))
  }
  properties.fields = Type.Optional(Type.String({ pattern: listPattern, description: `Comma-separated properties to keep in each item (sparse fieldset): ${spec.fields.join(', ')}.`, examples: [spec.fields.slice(0, 2).join(',')] }))
  if (spec.search) {
    properties.q = Type.Optional(Type.String({
      minLength: 1,
      maxLength: 200,
      description: `Full-text search in ${spec.search}: every word must match whole, ignoring case and diacritics; end the last word with \`*\` (at least ${minPrefix} letters before it) to match it as a prefix. Results are ordered by relevance (when more than ${rankWindow.toLocaleString('en')} items match, the ${rankWindow.toLocaleString('en')} most recently added are ranked) and carry \`match.snippet\`, the best passage with the matches between <mark> and </mark> (the rest HTML-escaped).`
    }))
  }
  return Type.Object(properties, { additionalProperties: false })
}

