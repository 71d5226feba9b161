import type { Db } from '../db/client.js'
import { invalid } from '../errors.js'
import { Prisma } from '../generated/prisma/client.js'

// Full-text search through the database's own engine. Everything database-specific
// sits behind SearchDialect, implemented once per engine in src/db/dialects/
// (search-sqlite.ts: FTS5; search-postgresql.ts: tsvector + GIN); searchFor in
// src/db/dialect.ts picks one. What is the same on both (terms, marks) is here.

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
