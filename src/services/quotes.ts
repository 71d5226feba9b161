import type { Db } from '../db/client.js'
import { notFound } from '../errors.js'
import type { PageMeta } from '../schemas/common.js'
import type { Quote } from '../schemas/quote.js'
import type { Change } from './articles.js'
import { afterCursor, decodeCursor, orderBy, toPage, type SortKey } from './pagination.js'
import { fold } from './text.js'
import { publicArticles } from './visibility.js'

const newestFirst: SortKey[] = [
  { field: 'createdAt', direction: 'desc', type: 'date' },
  { field: 'id', direction: 'desc', type: 'string' }
]

export const quoteInclude = {
  speaker: { select: { slug: true, kind: true, name: true } },
  article: { select: { slug: true, title: true, publishedAt: true } }
}

interface QuoteRow {
  id: string, text: string, context: string | null, position: number | null, verified: boolean
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
    verified: row.verified
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
  constructor (private readonly db: Db) {}

  async list (query: { speaker?: string, article?: string, limit?: number, cursor?: string }, requestUrl: string): Promise<{ data: Quote[], meta: PageMeta }> {
    const limit = query.limit ?? 20
    const after = decodeCursor(query.cursor, newestFirst)
    const rows = await this.db.quote.findMany({
      where: {
        AND: [
          { article: { ...publicArticles(), ...(query.article ? { slug: query.article } : {}) } },
          query.speaker ? { speaker: { slug: query.speaker } } : {},
          afterCursor(newestFirst, after)
        ]
      },
      orderBy: orderBy(newestFirst),
      take: limit + 1,
      include: quoteInclude
    })
    const page = toPage(rows, limit, newestFirst, requestUrl)
    return { data: page.rows.map(toQuote), meta: page.meta }
  }

  async get (id: string): Promise<Quote> {
    const row = await this.db.quote.findFirst({ where: { id, article: publicArticles() }, include: quoteInclude })
    if (!row) throw notFound(`Quote "${id}"`)
    return toQuote(row)
  }

  /** Creates or replaces the quote with this text in this article; writes nothing when it matches. */
  async upsert (input: { articleId: string, body: string, text: string, speakerId: string | null, context?: string, verified?: boolean }): Promise<Change> {
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
      await this.db.quote.create({ data: { articleId: input.articleId, text: input.text, ...fields } })
      return 'created'
    }
    if ((Object.keys(fields) as Array<keyof typeof fields>).every(k => existing[k] === fields[k])) return 'unchanged'
    await this.db.quote.update({ where: { id: existing.id }, data: fields })
    return 'updated'
  }

  /** A public quote with its update time, which leads its ETag (the version If-Match compares). */
  async getVersioned (id: string): Promise<{ quote: Quote, updatedAt: Date }> {
    const row = await this.db.quote.findFirst({ where: { id, article: publicArticles() }, include: quoteInclude })
    if (!row) throw notFound(`Quote "${id}"`)
    return { quote: toQuote(row), updatedAt: row.updatedAt }
  }
}
