import type { Db } from '../db/client.js'
import { notFound } from '../errors.js'
import type { PageMeta } from '../schemas/common.js'
import { quoteList, type Quote, type QuoteListItem } from '../schemas/quote.js'
import type { Change } from './articles.js'
import { listPage } from './list-pipeline.js'
import { pickFields, related, scalar, whereOf, type FilterMapper, type ListQuery } from './list-query.js'
import { afterCursor, decodeCursor, mapPage, orderBy, toPage, type Page, type SortKey } from './pagination.js'
import { sqliteSearch } from '../db/dialects/search-sqlite.js'
import type { SearchDialect } from './search.js'
import { fold } from './text.js'
import { publicArticles, shownQuotes } from './visibility.js'

/** How each whitelisted filter of quoteList reaches the database. */
const filters: Record<keyof typeof quoteList.filters, FilterMapper> = {
  speaker: related(slug => ({ speaker: { slug } })),
  article: related(slug => ({ article: { slug } })),
  verified: scalar('verified'),
  createdAt: scalar('createdAt')
}

// By when the article came out; quotes of one article in a stable order.
const timelineOrder: SortKey[] = [
  { field: 'article.publishedAt', direction: 'desc', type: 'date' },
  { field: 'id', direction: 'asc', type: 'string' }
]

export const quoteInclude = {
  speaker: { select: { slug: true, kind: true, name: true } },
  article: { select: { slug: true, title: true, publishedAt: true } }
}

type QuoteRow = {
  id: string, text: string, context: string | null, position: number | null, verified: boolean, source: string
  speaker: { slug: string, kind: string, name: string } | null
  article: { slug: string, title: string, publishedAt: Date | null }
}

export function toQuote (row: QuoteRow): Quote {
  return {
    id: row.id,
    text: row.text,
    speaker: row.speaker,
    article: { slug: row.article.slug, title: row.article.title, publishedAt: row.article.publishedAt?.toISOString() ?? null },
    context: row.context,
    position: row.position,
    verified: row.verified,
    source: row.source
  }
}

/**
 * Where a quote stands in a body, and the sentence around it. Matching ignores case,
 * diacritics and apostrophe style, so an editor's straight quote finds a curly one.
 */
export function placeQuote (body: string, text: string): { position: number, context: string } | null {
  const position = fold(body).indexOf(fold(text))
  if (position < 0) return null
  const paragraphStart = body.lastIndexOf('\n', position) + 1
  const paragraphEnd = body.indexOf('\n', position + text.length)
  const paragraph = body.slice(paragraphStart, paragraphEnd < 0 ? undefined : paragraphEnd)
  const inParagraph = position - paragraphStart
  // The sentence starts after the last full stop before the quote, and ends at the
  // first full stop after it.
  const before = paragraph.slice(0, inParagraph)
  const sentenceStart = Math.max(before.lastIndexOf('. '), before.lastIndexOf('? '), before.lastIndexOf('! '))
  const endStop = paragraph.slice(inParagraph + text.length).search(/[.?!](\s|$)/)
  const sentenceEnd = endStop < 0 ? paragraph.length : inParagraph + text.length + endStop + 1
  return { position, context: paragraph.slice(sentenceStart < 0 ? 0 : sentenceStart + 2, sentenceEnd).trim() }
}

export class QuoteService {
  constructor (private readonly db: Db, private readonly search: SearchDialect = sqliteSearch) {}

  /** Quotes in public articles through the list grammar (see schemas/list-query.ts). */
  async list (query: ListQuery): Promise<Page<QuoteListItem>> {
    const filtered = { AND: [shownQuotes, await whereOf(query.conditions, filters)] }
    const sortFields = Object.fromEntries(query.sort.map(k => [k.field, true]))
    return await listPage(query, {
      where: { AND: [{ article: publicArticles() }, filtered] },
      find: args => this.db.quote.findMany({ ...args, include: quoteInclude }),
      count: where => this.db.quote.count({ where }),
      search: { db: this.db, dialect: this.search, target: 'quotes' },
      // The quotes in sort order, then those in public articles: see pageInOrder.
      inOrder: { where: filtered, candidates: args => this.db.quote.findMany({ ...args, select: { ...sortFields, id: true } }) }
    }, (row: QuoteRow) => pickFields(toQuote(row), query.fields))
  }

  /** Quotes by one speaker in published articles: a timeline, newest article first. */
  async timeline (speakerId: string, query: { limit?: number, cursor?: string }): Promise<Page<Quote>> {
    const limit = query.limit ?? 20
    const after = decodeCursor(query.cursor, timelineOrder)
    const rows = await this.db.quote.findMany({
      where: { AND: [shownQuotes, { speakerId, article: publicArticles() }, afterCursor(timelineOrder, after)] },
      orderBy: orderBy(timelineOrder),
      take: limit + 1,
      include: quoteInclude
    })
    return mapPage(toPage(rows, limit, timelineOrder), toQuote)
  }

  async get (id: string): Promise<Quote> {
    const row = await this.db.quote.findFirst({ where: { id, ...shownQuotes, article: publicArticles() }, include: quoteInclude })
    if (!row) throw notFound(`Quote "${id}"`)
    return toQuote(row)
  }

  /** Creates or replaces the quote with this text in this article; writes nothing when it matches. */
  async upsert (input: { articleId: string, body: string, text: string, speakerId: string | null, context?: string, verified?: boolean }): Promise<{ change: Change, id: string }> {
    const placed = placeQuote(input.body, input.text)
    const fields = {
      speakerId: input.speakerId,
      context: input.context ?? placed?.context ?? null,
      position: placed?.position ?? null,
      verified: input.verified ?? false,
      source: 'editorial'
    }
    const existing = await this.db.quote.findUnique({ where: { articleId_text: { articleId: input.articleId, text: input.text } } })
    if (!existing) {
      const row = await this.db.quote.create({ data: { articleId: input.articleId, text: input.text, ...fields }, select: { id: true } })
      return { change: 'created', id: row.id }
    }
    if ((Object.keys(fields) as Array<keyof typeof fields>).every(k => existing[k] === fields[k])) return { change: 'unchanged', id: existing.id }
    await this.db.quote.update({ where: { id: existing.id }, data: fields })
    return { change: 'updated', id: existing.id }
  }

  /** A public quote with its update time, which leads its ETag (the version If-Match compares). */
  async getVersioned (id: string): Promise<{ quote: Quote, updatedAt: Date }> {
    const row = await this.db.quote.findFirst({ where: { id, ...shownQuotes, article: publicArticles() }, include: quoteInclude })
    if (!row) throw notFound(`Quote "${id}"`)
    return { quote: toQuote(row), updatedAt: row.updatedAt }
  }
}
