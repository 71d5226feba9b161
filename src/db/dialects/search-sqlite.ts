import { Prisma } from '../../generated/prisma/client.js'
import { markEnd, markStart, rankWindow, type SearchDialect, type SearchTerms, type Searchable } from '../../services/search.js'

// Full-text search on SQLite: FTS5 tables kept by triggers (see the full_text_search
// migration). The interface and the engine-neutral parts are in src/services/search.ts.

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
