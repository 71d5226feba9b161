import type { Db } from '../db/client.js'
import { invalid } from '../errors.js'
import { Prisma } from '../generated/prisma/client.js'

// Full-text search through the database's own engine. Everything database-specific
// sits behind SearchDialect: SQLite's FTS5 here; PostgreSQL's tsvector + GIN index
// slots in as a second implementation with the same three methods.

export type Searchable = 'articles' | 'entities' | 'quotes'

/** One match: `rank` orders ascending (best first), `rowKey` finds the row again for its snippet. */
export interface SearchHit { id: string, rank: number, rowKey: number }

export interface SearchDialect {
  /** Matches in relevance order, after the (rank, id) of the previous one, at most `limit`. */
  hits (db: Db, target: Searchable, words: string[], after: { rank: number, id: string } | undefined, limit: number): Promise<SearchHit[]>
  /** The ids of every match, for totals. */
  allIds (db: Db, target: Searchable, words: string[]): Promise<string[]>
  /** The best passage of each hit, matches wrapped in \uE000 and \uE001. */
  snippets (db: Db, target: Searchable, words: string[], hits: SearchHit[]): Promise<Map<string, string>>
}

export const markStart = '\uE000'
export const markEnd = '\uE001'

/** The words of a search, as the tokenizers see them (letters and digits); a 400 when there are none. */
export function searchWords (q: string): string[] {
  const words = (q.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12)
  if (words.length === 0) throw invalid('query', '/q', 'must contain a word (letters or digits)')
  return words
}

/** A snippet safe to put into HTML: the text escaped, the matches in <mark>. */
export function highlight (snippet: string): string {
  return snippet
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    .replaceAll(markStart, '<mark>').replaceAll(markEnd, '</mark>')
}

// Table names and column weights are constants, never input. bm25 is "lower is
// better"; the id column carries no text, so its weight is 0.
const fts: Record<Searchable, { table: Prisma.Sql, rank: Prisma.Sql }> = {
  articles: { table: Prisma.raw('"article_fts"'), rank: Prisma.raw('bm25("article_fts", 0, 10, 4, 1)') },
  entities: { table: Prisma.raw('"entity_fts"'), rank: Prisma.raw('bm25("entity_fts", 0, 10, 5)') },
  quotes: { table: Prisma.raw('"quote_fts"'), rank: Prisma.raw('bm25("quote_fts", 0, 1)') }
}

/**
 * An FTS5 query from plain words: each quoted (so no word is read as syntax), all
 * required, the last one as a prefix so a search box can search as one types.
 */
export function fts5Query (words: string[]): string {
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ')
}

export const sqliteSearch: SearchDialect = {
  async hits (db, target, words, after, limit) {
    const { table, rank } = fts[target]
    const keyset = after
      ? Prisma.sql`WHERE "rank" > ${after.rank} OR ("rank" = ${after.rank} AND "id" > ${after.id})`
      : Prisma.empty
    const rows = await db.$queryRaw<Array<{ id: string, rank: number, rowKey: number | bigint }>>`
      SELECT "id", "rank", "rowKey" FROM (
        SELECT "id", ${rank} AS "rank", "rowid" AS "rowKey" FROM ${table} WHERE ${table} MATCH ${fts5Query(words)}
      ) ${keyset}
      ORDER BY "rank", "id" LIMIT ${limit}`
    return rows.map(r => ({ id: r.id, rank: Number(r.rank), rowKey: Number(r.rowKey) }))
  },

  async allIds (db, target, words) {
    const { table } = fts[target]
    const rows = await db.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM ${table} WHERE ${table} MATCH ${fts5Query(words)}`
    return rows.map(r => r.id)
  },

  async snippets (db, target, words, hits) {
    if (hits.length === 0) return new Map()
    const { table } = fts[target]
    // One pass over the matches; FTS5 does not seek to a rowid within a MATCH, so one
    // statement per hit would walk the matches once each.
    const rows = await db.$queryRaw<Array<{ id: string, snippet: string }>>`
      SELECT "id", snippet(${table}, -1, ${markStart}, ${markEnd}, '…', 24) AS "snippet"
      FROM ${table} WHERE ${table} MATCH ${fts5Query(words)} AND "rowid" IN (${Prisma.join(hits.map(h => h.rowKey))})`
    return new Map(rows.map(r => [r.id, r.snippet]))
  }
}

// PostgreSQL: tsvector tables with GIN indexes (see the full_text_search migration
// under prisma/postgresql), the dateline_search configuration folding case and
// diacritics. ts_rank is "higher is better", so the rank is its negation, as a
// float8 so that the value a cursor carries compares equal to the stored one.
const tsTables: Record<Searchable, Prisma.Sql> = {
  articles: Prisma.raw('"article_search"'),
  entities: Prisma.raw('"entity_search"'),
  quotes: Prisma.raw('"quote_search"')
}

/** The text a snippet is cut from, per target: constants, never input. */
const tsSources: Record<Searchable, Prisma.Sql> = {
  articles: Prisma.raw(`(SELECT s."id", concat_ws(' … ', s."title", s."standfirst", s."body") AS "text" FROM "Article" s)`),
  entities: Prisma.raw(`(SELECT s."id", s."name" || coalesce(' | ' || (SELECT string_agg(a."name", ' | ') FROM "EntityAlias" a WHERE a."entityId" = s."id"), '') AS "text" FROM "Entity" s)`),
  quotes: Prisma.raw(`(SELECT s."id", s."text" FROM "Quote" s)`)
}

/** A tsquery from plain words (letters and digits only): all required, the last as a prefix. */
export function tsQuery (words: string[]): string {
  return words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ')
}

const headlineOptions = `StartSel=${markStart}, StopSel=${markEnd}, MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=" … "`

export const postgresqlSearch: SearchDialect = {
  async hits (db, target, words, after, limit) {
    const keyset = after
      ? Prisma.sql`WHERE "rank" > ${after.rank} OR ("rank" = ${after.rank} AND "id" > ${after.id})`
      : Prisma.empty
    const rows = await db.$queryRaw<Array<{ id: string, rank: number }>>`
      SELECT "id", "rank" FROM (
        SELECT t."id", (-ts_rank(t."document", q))::float8 AS "rank"
        FROM ${tsTables[target]} t, to_tsquery('dateline_search', ${tsQuery(words)}) q
        WHERE t."document" @@ q
      ) ranked ${keyset}
      ORDER BY "rank", "id" LIMIT ${limit}`
    return rows.map(r => ({ id: r.id, rank: Number(r.rank), rowKey: 0 }))
  },

  async allIds (db, target, words) {
    const rows = await db.$queryRaw<Array<{ id: string }>>`
      SELECT t."id" FROM ${tsTables[target]} t WHERE t."document" @@ to_tsquery('dateline_search', ${tsQuery(words)})`
    return rows.map(r => r.id)
  },

  async snippets (db, target, words, hits) {
    if (hits.length === 0) return new Map()
    const rows = await db.$queryRaw<Array<{ id: string, snippet: string }>>`
      SELECT src."id", ts_headline('dateline_search', src."text", to_tsquery('dateline_search', ${tsQuery(words)}), ${headlineOptions}) AS "snippet"
      FROM ${tsSources[target]} src WHERE src."id" IN (${Prisma.join(hits.map(h => h.id))})`
    return new Map(rows.map(r => [r.id, r.snippet]))
  }
}

/** The search implementation for a database. */
export function searchFor (kind: 'sqlite' | 'postgresql'): SearchDialect {
  return kind === 'postgresql' ? postgresqlSearch : sqliteSearch
}
