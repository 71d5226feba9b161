import type { Db } from '../db/client.js'
import { afterCursor, encodeCursor, mapPage, orderBy, toPage, type Page } from './pagination.js'
import { highlight, type SearchDialect, type SearchHit, type Searchable } from './search.js'
import { relevance, type ListQuery } from './list-query.js'

// The one list pipeline behind the list grammar: articles, entities, quotes, the
// comment queue, authors and images each describe where their rows come from (a
// ListSource) and what an item shows; listPage does the paging, search, counting
// and cursors the same way for all of them. The HTTP layer adds `meta.next` and
// the `Link` header (src/routes/page.ts).

type Where = Record<string, unknown>

export interface Match { score: number, snippet: string }

export interface FindArgs { where: Where, orderBy?: Where[], take?: number }

/** Where a list's rows come from. `where` already holds the filters and what the reader may see. */
export interface ListSource<R extends { id: string }> {
  where: Where
  /** The rows (with whatever the items need) a Prisma `findMany` with these arguments finds. */
  find: (args: FindArgs) => Promise<R[]>
  /** How many rows a `where` allows. */
  count: (where: Where) => Promise<number>
  /** `meta.total` without search, when the list counts faster another way than count(where). */
  total?: () => Promise<number>
  /** Full-text search for `q`, on the list's table. */
  search?: { db: Db, dialect: SearchDialect, target: Searchable }
  /**
   * Two steps instead of one statement (see pageInOrder): `candidates` finds rows in
   * sort order under `where` (the filters on the list's own table), then `find` keeps
   * those of them the source's `where` allows.
   */
  inOrder?: { where: Where, candidates: (args: FindArgs & { take: number, orderBy: Where[] }) => Promise<Array<Record<string, unknown> & { id: string }>> }
}

/** A page of a list: search results (each with its match) when the query has `q`, else a keyset page in the query's order. */
export async function listPage<R extends { id: string }, I> (query: ListQuery, source: ListSource<R>, item: (row: R) => I): Promise<Page<I | (I & { match: Match })>> {
  const within = (ids: string[]) => ({ AND: [source.where, { id: { in: ids } }] })
  if (query.search !== undefined && source.search) {
    const page = await searchPage(query, source.search, ids => source.find({ where: within(ids) }), ids => source.count(within(ids)))
    return mapPage(page, r => ({ ...item(r.row), match: r.match }))
  }
  const total = async () => query.count ? await (source.total ?? (() => source.count(source.where)))() : undefined
  if (source.inOrder) {
    const { where, candidates } = source.inOrder
    const counted = await total()
    const rows = await pageInOrder(query, (after, take) => candidates({ where: { AND: [where, after] }, orderBy: orderBy(query.sort), take }), ids => source.find({ where: within(ids) }))
    return mapPage(toPage(rows, query.limit, query.sort, counted), item)
  }
  const rows = await source.find({ where: { AND: [source.where, afterCursor(query.sort, query.after)] }, orderBy: orderBy(query.sort), take: query.limit + 1 })
  return mapPage(toPage(rows, query.limit, query.sort, await total()), item)
}

/**
 * A keyset page cut in two steps: `candidates` walks the list in sort order (the
 * filters on the list's own table, so the database follows a sort index), and
 * `fetch` keeps those a condition on a joined table allows (an article's
 * visibility, say), a batch at a time until the page is full. SQLite's planner,
 * given the join in one statement, starts from the joined table and sorts every
 * row it reaches; here each step is an index walk. Returns up to limit + 1 rows.
 */
async function pageInOrder<T extends { id: string }> (
  query: ListQuery,
  candidates: (after: Where, take: number) => Promise<Array<Record<string, unknown> & { id: string }>>,
  fetch: (ids: string[]) => Promise<T[]>
): Promise<T[]> {
  let after = query.after
  const batch = Math.max(2 * query.limit + 1, 50)
  const found: T[] = []
  while (found.length <= query.limit) {
    const batchRows = await candidates(afterCursor(query.sort, after), batch)
    if (batchRows.length === 0) break
    const kept = new Map((await fetch(batchRows.map(c => c.id))).map(row => [row.id, row]))
    for (const candidate of batchRows) {
      const row = kept.get(candidate.id)
      if (row) found.push(row)
    }
    const last = batchRows[batchRows.length - 1]
    after = query.sort.map(k => last[k.field])
    if (batchRows.length < batch) break
  }
  return found.slice(0, query.limit + 1)
}

/**
 * A page of search results that also pass the list's filters. Matches come from the
 * search index in relevance order, a batch at a time; `fetch` keeps those the
 * filters (and visibility) allow, in one query per batch, until the page is full.
 * `count` counts the allowed rows among some ids, for `meta.total`.
 */
async function searchPage<T extends { id: string }> (
  query: ListQuery,
  { db, dialect, target }: { db: Db, dialect: SearchDialect, target: Searchable },
  fetch: (ids: string[]) => Promise<T[]>,
  count: (ids: string[]) => Promise<number>
): Promise<Page<{ row: T, match: Match }>> {
  const terms = query.search!
  const decoded = query.after
  let after = decoded ? { rank: decoded[0] as number, id: decoded[1] as string } : undefined
  const window = decoded ? decoded[2] as number : await dialect.windowStart(db, target, terms)
  const batch = Math.max(2 * query.limit + 1, 50)
  const found: Array<{ row: T, hit: SearchHit }> = []
  while (found.length <= query.limit) {
    const hits = await dialect.hits(db, target, terms, window, after, batch)
    if (hits.length === 0) break
    const allowed = new Map((await fetch(hits.map(h => h.id))).map(row => [row.id, row]))
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
    for (let i = 0; i < ids.length; i += 200) total += await count(ids.slice(i, i + 200))
  }
  return {
    data: page.map(({ row, hit }) => ({ row, match: { score: Number((-hit.rank).toPrecision(6)), snippet: highlight(snippets.get(hit.id) ?? '') } })),
    limit: query.limit,
    nextCursor,
    ...(total === undefined ? {} : { total })
  }
}
