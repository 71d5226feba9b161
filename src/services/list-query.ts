import { invalid } from '../errors.js'
import { filterKey, type FieldType, type ListSpec, type Operator } from '../schemas/list-query.js'
import { decodeCursor, type SortKey } from './pagination.js'
import { searchTerms, type SearchTerms } from './search.js'

// Turns a validated list querystring into what a service needs: typed filter
// conditions, the sort (always ending in `id`, so keyset cursors are total),
// includes, fields, the search text and paging (the cursor decoded). The HTTP layer
// calls parseListQuery; services take its ListQuery and never see the querystring.
// The querystring schema already refused every key outside the whitelist; this
// checks the values schemas cannot (list items, dates, sort fields, the cursor),
// answering 400 naming the parameter, before any statement reaches the database.

export type FilterValue = string | number | boolean | Date | string[]
export interface Condition { field: string, op: Operator, value: FilterValue }

type Where = Record<string, unknown>

/** Prisma `where` for one condition on one whitelisted field. */
export type FilterMapper = (op: Operator, value: FilterValue) => Where | Promise<Where>

export interface ListQuery {
  conditions: Condition[]
  sort: SortKey[]
  limit: number
  /** The sort values of the cursor's row (with q: its rank, id and ranking window). */
  after?: unknown[]
  count: boolean
  include: string[]
  fields?: string[]
  /** The words of `q`: a search, ordered by relevance. */
  search?: SearchTerms
}

/** Bounds on a filter's values, so no filter becomes an unbounded statement. */
export const maxInValues = 100
export const maxAllValues = 20

function splitList (value: string): string[] {
  return [...new Set(value.split(',').map(s => s.trim()).filter(s => s.length > 0))]
}

function parseDate (key: string, value: string): Date {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number)
  const day = new Date(Date.UTC(y, m - 1, d))
  const date = new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value)
  // Date rolls 2018-02-31 over to March; a calendar day that does not exist is an error.
  if (Number.isNaN(date.getTime()) || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
    throw invalid('query', `/${key}`, 'is not a valid date')
  }
  return date
}

function checkEnum (key: string, values: string[], allowed: readonly string[] | undefined, type: FieldType): void {
  if (type !== 'enum' || !allowed) return
  for (const value of values) {
    if (!allowed.includes(value)) throw invalid('query', `/${key}`, `names "${value.slice(0, 50)}", which is not one of: ${allowed.join(', ')}`)
  }
}

function parseNames (key: string, raw: string, allowed: readonly string[], what: string): string[] {
  const names = splitList(raw)
  for (const name of names) {
    if (!allowed.includes(name)) throw invalid('query', `/${key}`, `names "${name.slice(0, 50)}", which is not one of the ${what}: ${allowed.join(', ')}`)
  }
  return names
}

/** The sort keys of `sort=-publishedAt,title`, with `id` appended as the tie-breaker. */
export function parseSort (spec: ListSpec, raw: string): SortKey[] {
  const keys: SortKey[] = []
  for (const item of raw.split(',')) {
    const field = item.replace(/^-/, '')
    const type = spec.sorts[field]
    if (!Object.hasOwn(spec.sorts, field) || type === undefined) throw invalid('query', '/sort', `names "${field.slice(0, 50)}", which is not one of: ${Object.keys(spec.sorts).join(', ')}`)
    if (keys.some(k => k.field === field)) throw invalid('query', '/sort', `names "${field}" twice`)
    keys.push({ field, direction: item.startsWith('-') ? 'desc' : 'asc', type })
  }
  keys.push({ field: 'id', direction: keys[keys.length - 1].direction, type: 'string' })
  return keys
}

/** Search results are ordered by relevance; their cursors carry (rank, id) and the ranking window. */
export const relevance: SortKey[] = [
  { field: 'rank', direction: 'asc', type: 'number' },
  { field: 'id', direction: 'asc', type: 'string' },
  { field: 'window', direction: 'asc', type: 'number' }
]

export function parseListQuery (spec: ListSpec, query: Record<string, unknown>): ListQuery {
  const conditions: Condition[] = []
  for (const [field, def] of Object.entries(spec.filters)) {
    for (const op of def.ops) {
      const key = filterKey(field, op)
      const raw = query[key]
      if (raw === undefined) continue
      let value: FilterValue
      if (op === 'in') {
        const items = splitList(String(raw))
        if (items.length > maxInValues) throw invalid('query', `/${key}`, `lists more than ${maxInValues} values`)
        checkEnum(key, items, def.values, def.type)
        value = def.type === 'date' ? items.map(v => parseDate(key, v).toISOString()) : items
      } else if (Array.isArray(raw)) {
        value = raw.flatMap(v => splitList(String(v)))
        if (value.length > maxAllValues) throw invalid('query', `/${key}`, `names more than ${maxAllValues} values`)
      } else if (def.type === 'date') {
        value = parseDate(key, String(raw))
      } else {
        value = raw as string | number | boolean
      }
      conditions.push({ field, op, value })
    }
  }
  const q = typeof query.q === 'string' ? query.q.trim() : undefined
  if (q !== undefined && query.sort !== undefined) throw invalid('query', '/sort', 'cannot be combined with q: search results are ordered by relevance')
  if (q === '') throw invalid('query', '/q', 'must contain a word')
  const sort = parseSort(spec, typeof query.sort === 'string' ? query.sort : spec.defaultSort)
  const search = q === undefined ? undefined : searchTerms(q)
  return {
    conditions,
    sort,
    limit: typeof query.limit === 'number' ? query.limit : 20,
    after: decodeCursor(typeof query.cursor === 'string' ? query.cursor : undefined, q === undefined ? sort : relevance),
    count: query.count === true,
    include: typeof query.include === 'string' ? parseNames('include', query.include, spec.includes, 'relations offered') : [],
    fields: typeof query.fields === 'string' ? parseNames('fields', query.fields, spec.fields, 'properties of an item') : undefined,
    search
  }
}

/** The Prisma `where` of the conditions, each through its field's mapper. */
export async function whereOf<F extends string> (conditions: Condition[], mappers: Record<F, FilterMapper>): Promise<{ AND: Where[] }> {
  return { AND: await Promise.all(conditions.map(c => mappers[c.field as F](c.op, c.value))) }
}

/** The standard mapping of an operator on a scalar column. */
export function scalar (column: string): FilterMapper {
  return (op, value) => {
    switch (op) {
      case 'eq': return { [column]: Array.isArray(value) ? { in: value } : value }
      case 'in': return { [column]: { in: value } }
      case 'prefix': return { [column]: { startsWith: value } }
      default: return { [column]: { [op]: value } }
    }
  }
}

/** Up to `cap + 1` ids of the rows a related slug reaches (e.g. the articles mentioning an entity). */
export type Narrow = (slug: string, take: number) => Promise<string[]>

/**
 * Up to this many matching rows, a relation filter becomes a list of ids. Prisma's
 * SQLite adapter refuses a statement with 1,000 or more bound values (P2029): two
 * narrowed filters (400), a search batch (201) and an `in` list (100) stay below.
 */
export const narrowCap = 200

/**
 * A relation reached by slug: eq with several values requires all of them, `in`
 * any of them. With `narrow`, a value that reaches few rows (an entity mentioned
 * in a few hundred articles) becomes `id IN (those rows)`, so the database starts
 * from them instead of walking the whole list in sort order testing each row with
 * a correlated subquery; a value that reaches many rows keeps the subquery, which
 * then finds a page's worth of matches quickly.
 */
export function related (build: (slugs: string | { in: string[] }) => Where, narrow?: Narrow, cap = narrowCap): FilterMapper {
  const idsOf = async (slug: string) => {
    if (!narrow) return undefined
    const ids = await narrow(slug, cap + 1)
    return ids.length <= cap ? ids : undefined
  }
  return async (op, value) => {
    const values = Array.isArray(value) ? value : [String(value)]
    if (op === 'in') {
      const sets = await Promise.all(values.map(idsOf))
      const union = new Set(sets.flatMap(ids => ids ?? []))
      if (sets.every(ids => ids !== undefined) && union.size <= cap) return { id: { in: [...union] } }
      return build({ in: values })
    }
    const clauses: Where[] = []
    let common: Set<string> | undefined
    for (const v of values) {
      const ids = await idsOf(v)
      if (ids === undefined) clauses.push(build(v))
      else common = common ? new Set(ids.filter(id => common!.has(id))) : new Set(ids)
    }
    if (common) clauses.push({ id: { in: [...common] } })
    return { AND: clauses }
  }
}

/** Keeps only the asked-for properties of an item (and whatever `keep` names: includes, match). */
export function pickFields<T extends Record<string, unknown>> (item: T, fields: string[] | undefined, keep: string[] = []): Partial<T> {
  if (!fields) return item
  const out: Record<string, unknown> = {}
  for (const key of [...fields, ...keep]) if (key in item) out[key] = item[key]
  return out as Partial<T>
}
