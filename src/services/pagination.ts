import { invalid } from '../errors.js'

// Keyset (cursor) pagination: stable under inserts, and as fast on page 500 as on
// page 1. A cursor names the list order it came from, so it cannot be replayed
// against another order.

/** A sort field; a dotted field ("article.publishedAt") sorts by a related record's field. */
export interface SortKey { field: string, direction: 'asc' | 'desc', type: 'date' | 'string' | 'number' }

type Row = Record<string, unknown>

/** `{ a: { b: value } }` for the field "a.b". */
function nest (field: string, value: unknown): Row {
  return field.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Row
}

function valueAt (row: Row, field: string): unknown {
  return field.split('.').reduce<unknown>((value, key) => (value as Row | null | undefined)?.[key], row)
}

function orderTag (keys: SortKey[]): string {
  return keys.map(k => `${k.direction === 'desc' ? '-' : ''}${k.field}`).join(',')
}

export function encodeCursor (row: Row, keys: SortKey[]): string {
  const values = keys.map(k => {
    const value = valueAt(row, k.field)
    return value instanceof Date ? value.toISOString() : value
  })
  return Buffer.from(JSON.stringify({ o: orderTag(keys), v: values })).toString('base64url')
}

/** The sort values a cursor holds; a 400 naming `cursor` when it is not one of this list's. */
export function decodeCursor (cursor: string | undefined, keys: SortKey[]): unknown[] | undefined {
  if (cursor === undefined) return undefined
  let parsed: { o?: unknown, v?: unknown }
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw invalid('query', '/cursor', 'is not a cursor this list gave out')
  }
  const values = parsed?.v
  if (parsed?.o !== orderTag(keys) || !Array.isArray(values) || values.length !== keys.length) {
    throw invalid('query', '/cursor', 'is not a cursor this list gave out')
  }
  return keys.map((key, i) => {
    const value = values[i]
    if (key.type === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid('query', '/cursor', 'is not a cursor this list gave out')
      return value
    }
    if (typeof value !== 'string') throw invalid('query', '/cursor', 'is not a cursor this list gave out')
    if (key.type === 'date') {
      const date = new Date(value)
      if (Number.isNaN(date.getTime())) throw invalid('query', '/cursor', 'is not a cursor this list gave out')
      return date
    }
    return value
  })
}

/**
 * Prisma `where` for the rows after the cursor in the given order. The first key's
 * bound is repeated outside the OR (`createdAt <= v AND (createdAt < v OR (createdAt
 * = v AND id < w))`, the same rows), so the database seeks its index to the cursor
 * instead of walking it from the first row or (SQLite) sorting the whole range.
 */
export function afterCursor (keys: SortKey[], values: unknown[] | undefined): Row {
  if (!values) return {}
  const or: Row[] = keys.map((key, i) => {
    const and: Row[] = []
    for (let j = 0; j < i; j++) and.push(nest(keys[j].field, values[j]))
    and.push(nest(key.field, { [key.direction === 'desc' ? 'lt' : 'gt']: values[i] }))
    return { AND: and }
  })
  if (values[0] === null || values[0] === undefined) return { OR: or }
  const seek = nest(keys[0].field, { [keys[0].direction === 'desc' ? 'lte' : 'gte']: values[0] })
  return { AND: [seek, { OR: or }] }
}

export function orderBy (keys: SortKey[]): Row[] {
  return keys.map(k => nest(k.field, k.direction))
}

/**
 * A page as a service returns it: the rows and the cursor of the next page (null on
 * the last). The HTTP layer turns the cursor into `meta.next` and the `Link` header
 * (src/routes/page.ts), since only it knows the request's URL.
 */
export interface Page<T> { data: T[], limit: number, nextCursor: string | null, total?: number }

/**
 * Cuts a page from rows fetched with `take: limit + 1`: the extra row only tells
 * whether a next page exists.
 */
export function toPage<T extends Row> (rows: T[], limit: number, keys: SortKey[], total?: number): Page<T> {
  const more = rows.length > limit
  const data = more ? rows.slice(0, limit) : rows
  const nextCursor = more ? encodeCursor(data[data.length - 1], keys) : null
  return { data, limit, nextCursor, ...(total === undefined ? {} : { total }) }
}

/** The same page with each row made into what the list shows. */
export function mapPage<T, U> (page: Page<T>, item: (row: T) => U): Page<U> {
  return { ...page, data: page.data.map(item) }
}
