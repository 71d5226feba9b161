import type { Db } from '../db/client.js'
import { invalid } from '../errors.js'
import { Prisma } from '../generated/prisma/client.js'

// Full-text search through the database's own engine. Everything database-specific
// sits behind SearchDialect: SQLite's FTS5 here; PostgreSQL's tsvector + GIN index
// slots in as a second implementation with the same three methods.

export type Searchable = 'articles' | 'entities' | 'quotes'

/** One match: `rank` orders ascending (best first); `snippet` when the engine cut it with the match. */
export interface SearchHit { id: string, rank: number, snippet?: string }

/**
 * A query matching more than this many rows is ranked among the most recently
 * indexed this many: ranking costs a score per match, so without a window a common
 * word would cost more with every row ever added. Newer first is also what a news
 * reader searching a common word wants.
 */
export const rankWindow = 1000

export interface SearchDialect {
  /**
   * Where the ranking window starts: a key below which matches are left unranked
   * (0 when the query matches at most rankWindow rows). Cursors carry it, so every
   * page of one search ranks the same rows.
   */
  windowStart (db: Db, target: Searchable, terms: SearchTerms, size?: number): Promise<number>
  /** Matches in the window in relevance order, after the (rank, id) of the previous one, at most `limit`. */
  hits (db: Db, target: Searchable, terms: SearchTerms, windowStart: number, after: { rank: number, id: string } | undefined, limit: number): Promise<SearchHit[]>
  /** The ids of every match, for totals. */
  allIds (db: Db, target: Searchable, terms: SearchTerms): Promise<string[]>
  /** The best passage of each hit, matches wrapped in \uE000 and \uE001. */
  snippets (db: Db, target: Searchable, terms: SearchTerms, hits: SearchHit[]): Promise<Map<string, string>>
}

export const markStart = '\uE000'
export const markEnd = '\uE001'

/** A search as the engines take it: whole words, the last one a prefix when it ends with `*`. */
export interface SearchTerms { words: string[], prefix: boolean }

/** Letters a prefix search needs before its `*`: a shorter prefix matches most of the index. */
export const minPrefix = 3

/**
 * The words of a search, as the tokenizers see them (letters and digits); a 400 when
 * there are none. Words match whole by default: a prefix expands to every indexed
 * word it starts, and costs with the size of the index, so it is asked for (`econ*`).
 */
export function searchTerms (q: string): SearchTerms {
  const words = (q.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12)
  if (words.length === 0) throw invalid('query', '/q', 'must contain a word (letters or digits)')
  const prefix = /[\p{L}\p{N}]\*\s*$/u.test(q)
  if (prefix && [...words[words.length - 1]].length < minPrefix) {
    throw invalid('query', '/q', `needs at least ${minPrefix} letters before * to search by prefix`)
  }
  return { words, prefix }
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

/** An FTS5 query from plain words: each quoted (so no word is read as syntax), all required. */
export function fts5Query ({ words, prefix }: SearchTerms): string {
  return words.map((w, i) => `"${w}"${prefix && i === words.length - 1 ? '*' : ''}`).join(' ')
}

export const sqliteSearch: SearchDialect = {
  // FTS5 walks a doclist newest rowid first and stops at the OFFSET: the cost is the
  // window's size, not the number of matches.
  async windowStart (db, target, terms, size = rankWindow) {
    const { table } = fts[target]
    const rows = await db.$queryRaw<Array<{ rowKey: number | bigint }>>`
      SELECT "rowid" AS "rowKey" FROM ${table} WHERE ${table} MATCH ${fts5Query(terms)}
      ORDER BY "rowid" DESC LIMIT 1 OFFSET ${size - 1}`
    return rows.length === 0 ? 0 : Number(rows[0].rowKey)
  },

  // The snippet is cut in the same statement: the engine holds each match's
  // positions while it ranks, and a second MATCH restricted to some rowids would
  // evaluate the query again for each of them (a prefix word costs milliseconds).
  async hits (db, target, terms, windowStart, after, limit) {
    const { table, rank } = fts[target]
    const keyset = after
      ? Prisma.sql`WHERE "rank" > ${after.rank} OR ("rank" = ${after.rank} AND "id" > ${after.id})`
      : Prisma.empty
    const rows = await db.$queryRaw<Array<{ id: string, rank: number, snippet: string }>>`
      SELECT "id", "rank", "snippet" FROM (
        SELECT "id", ${rank} AS "rank", snippet(${table}, -1, ${markStart}, ${markEnd}, '…', 24) AS "snippet"
        FROM ${table} WHERE ${table} MATCH ${fts5Query(terms)} AND "rowid" >= ${windowStart}
      ) ${keyset}
      ORDER BY "rank", "id" LIMIT ${limit}`
    return rows.map(r => ({ id: r.id, rank: Number(r.rank), snippet: r.snippet }))
  },

  async allIds (db, target, terms) {
    const { table } = fts[target]
    const rows = await db.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM ${table} WHERE ${table} MATCH ${fts5Query(terms)}`
    return rows.map(r => r.id)
  },

  async snippets (_db, _target, _terms, hits) {
    return new Map(hits.map(h => [h.id, h.snippet ?? '']))
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

/** A tsquery from plain words (letters and digits only): all required. */
export function tsQuery ({ words, prefix }: SearchTerms): string {
  return words.map((w, i) => (prefix && i === words.length - 1 ? `${w}:*` : w)).join(' & ')
}

const headlineOptions = `StartSel=${markStart}, StopSel=${markEnd}, MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=" … "`

export const postgresqlSearch: SearchDialect = {
  async windowStart (db, target, terms, size = rankWindow) {
    const rows = await db.$queryRaw<Array<{ seq: bigint | number }>>`
      SELECT t."seq" FROM ${tsTables[target]} t WHERE t."document" @@ to_tsquery('dateline_search', ${tsQuery(terms)})
      ORDER BY t."seq" DESC LIMIT 1 OFFSET ${size - 1}`
    return rows.length === 0 ? 0 : Number(rows[0].seq)
  },

  async hits (db, target, terms, windowStart, after, limit) {
    const keyset = after
      ? Prisma.sql`WHERE "rank" > ${after.rank} OR ("rank" = ${after.rank} AND "id" > ${after.id})`
      : Prisma.empty
    const rows = await db.$queryRaw<Array<{ id: string, rank: number }>>`
      SELECT "id", "rank" FROM (
        SELECT t."id", (-ts_rank(t."document", q))::float8 AS "rank"
        FROM ${tsTables[target]} t, to_tsquery('dateline_search', ${tsQuery(terms)}) q
        WHERE t."document" @@ q AND t."seq" >= ${windowStart}
      ) ranked ${keyset}
      ORDER BY "rank", "id" LIMIT ${limit}`
    return rows.map(r => ({ id: r.id, rank: Number(r.rank) }))
  },

  async allIds (db, target, terms) {
    const rows = await db.$queryRaw<Array<{ id: string }>>`
      SELECT t."id" FROM ${tsTables[target]} t WHERE t."document" @@ to_tsquery('dateline_search', ${tsQuery(terms)})`
    return rows.map(r => r.id)
  },

  async snippets (db, target, terms, hits) {
    if (hits.length === 0) return new Map()
    const rows = await db.$queryRaw<Array<{ id: string, snippet: string }>>`
      SELECT src."id", ts_headline('dateline_search', src."text", to_tsquery('dateline_search', ${tsQuery(terms)}), ${headlineOptions}) AS "snippet"
      FROM ${tsSources[target]} src WHERE src."id" IN (${Prisma.join(hits.map(h => h.id))})`
    return new Map(rows.map(r => [r.id, r.snippet]))
  }
}

/** The search implementation for a database. */
export function searchFor (kind: 'sqlite' | 'postgresql'): SearchDialect {
  return kind === 'postgresql' ? postgresqlSearch : sqliteSearch
}
