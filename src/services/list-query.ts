import { invalid } from '../errors.js'
import { filterKey, type FieldType, type ListSpec, type Operator } from '../schemas/list-query.js'
import type { Db } from '../db/client.js'
import type { PageMeta } from '../schemas/common.js'
import { afterCursor, decodeCursor, encodeCursor, nextUrl, toPage, type SortKey } from './pagination.js'
import { highlight, searchTerms, type SearchDialect, type SearchHit, type Searchable } from './search.js'

// Turns a validated list querystring into what a service needs: typed filter
// conditions, the sort (always ending in `id`, so keyset cursors are total),
// includes, fields, the search text and paging. The querystring schema already
// refused every key outside the whitelist; this checks the values schemas cannot
// (list items, dates, sort fields), answering 400 naming the parameter.

export type FilterValue = string | number | boolean | Date | string[]
export interface Condition { field: string, op: Operator, value: FilterValue }

type Where = Record<string, unknown>

/** Prisma `where` for one condition on one whitelisted field. */
export type FilterMapper = (op: Operator, value: FilterValue) => Where | Promise<Where>

export interface ListQuery {
  conditions: Condition[]
  sort: SortKey[]
  limit: number
  cursor?: string
  count: boolean
  include: string[]
  fields?: string[]
  q?: string
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
  return {
    conditions,
    sort: parseSort(spec, typeof query.sort === 'string' ? query.sort : spec.defaultSort),
    limit: typeof query.limit === 'number' ? query.limit : 20,
    cursor: typeof query.cursor === 'string' ? query.cursor : undefined,
    count: query.count === true,
    include: typeof query.include === 'string' ? parseNames('include', query.include, spec.includes, 'relations offered') : [],
    fields: typeof query.fields === 'string' ? parseNames('fields', query.fields, spec.fields, 'properties of an item') : undefined,
    q
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

/**
 * A keyset page cut in two steps: `candidates` walks the list in sort order (the
 * filters on the list's own table, so the database follows a sort index), and
 * `fetch` keeps those a condition on a joined table allows (an article's
 * visibility, say), a batch at a time until the page is full. SQLite's planner,
 * given the join in one statement, starts from the joined table and sorts every
 * row it reaches; here each step is an index walk.
 */
export async function pageInOrder<T extends { id: string }> (options: {
  query: ListQuery
  requestUrl: string
  candidates: (after: Where, take: number) => Promise<Array<Record<string, unknown> & { id: string }>>
  fetch: (ids: string[]) => Promise<T[]>
  total?: number
}): Promise<{ rows: T[], meta: PageMeta }> {
  const { query } = options
  let after = decodeCursor(query.cursor, query.sort)
  const batch = Math.max(2 * query.limit + 1, 50)
  const found: T[] = []
  while (found.length <= query.limit) {
    const candidates = await options.candidates(afterCursor(query.sort, after), batch)
    if (candidates.length === 0) break
    const kept = new Map((await options.fetch(candidates.map(c => c.id))).map(row => [row.id, row]))
    for (const candidate of candidates) {
      const row = kept.get(candidate.id)
      if (row) found.push(row)
    }
    const last = candidates[candidates.length - 1]
    after = query.sort.map(k => last[k.field])
    if (candidates.length < batch) break
  }
  return toPage(found.slice(0, query.limit + 1), query.limit, query.sort, options.requestUrl, options.total)
}

/** Search results are ordered by relevance; their cursors carry (rank, id) and the ranking window. */
export const relevance: SortKey[] = [
  { field: 'rank', direction: 'asc', type: 'number' },
  { field: 'id', direction: 'asc', type: 'string' },
  { field: 'window', direction: 'asc', type: 'number' }
]

export interface Match { score: number, snippet: string }

/**
 * A page of search results that also pass the list's filters. Matches come from the
 * search index in relevance order, a batch at a time; `fetch` keeps those the
 * filters (and visibility) allow, in one query per batch, until the page is full.
 * `count` counts the allowed rows among some ids, for `meta.total`.
 */
export async function searchPage<T extends { id: string }> (options: {
  db: Db
  dialect: SearchDialect
  target: Searchable
  query: ListQuery
  requestUrl: string
  fetch: (ids: string[]) => Promise<T[]>
  count: (ids: string[]) => Promise<number>
}): Promise<{ rows: Array<{ row: T, match: Match }>, meta: PageMeta }> {
  const { db, dialect, target, query } = options
  const terms = searchTerms(query.q ?? '')
  const decoded = decodeCursor(query.cursor, relevance)
  let after = decoded ? { rank: decoded[0] as number, id: decoded[1] as string } : undefined
  const window = decoded ? decoded[2] as number : await dialect.windowStart(db, target, terms)
  const batch = Math.max(2 * query.limit + 1, 50)
  const found: Array<{ row: T, hit: SearchHit }> = []
  while (found.length <= query.limit) {
    const hits = await dialect.hits(db, target, terms, window, after, batch)
    if (hits.length === 0) break
    const allowed = new Map((await options.fetch(hits.map(h => h.id))).map(row => [row.id, row]))
    for (const hit of hits) {
      const row = allowed.get(hit.id)
      if (row) found.push({ row, hit })
    }
    const last = hits[hits.length - 1]
    after = { rank: last.rank, id: last.id }
    if (hits.length < batch) break
  }
  const more = found.length > query.limit
  const page = found.slice(0, query.limit)
  const snippets = await dialect.snippets(db, target, terms, page.map(f => f.hit))
  const lastHit = page[page.length - 1]?.hit
  const nextCursor = more && lastHit ? encodeCursor({ rank: lastHit.rank, id: lastHit.id, window }, relevance) : null
  let total: number | undefined
  if (query.count) {
    const ids = await dialect.allIds(db, target, terms)
    total = 0
    // Chunks small enough to stay under the bound-value limit beside the filters (see narrowCap).
    for (let i = 0; i < ids.length; i += 200) total += await options.count(ids.slice(i, i + 200))
  }
  return {
    rows: page.map(({ row, hit }) => ({ row, match: { score: Number((-hit.rank).toPrecision(6)), snippet: highlight(snippets.get(hit.id) ?? '') } })),
    meta: { limit: query.limit, nextCursor, next: nextCursor ? nextUrl(options.requestUrl, nextCursor) : null, ...(total === undefined ? {} : { total }) }
  }
}
