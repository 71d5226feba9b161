import { Prisma } from '../../generated/prisma/client.js'
import { markEnd, markStart, rankWindow, type SearchDialect, type SearchTerms, type Searchable } from '../../services/search.js'

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
