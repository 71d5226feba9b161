import { Readable } from 'node:stream'
import { SitemapIndexStream, SitemapStream, streamToPromise, type SitemapItemLoose } from 'sitemap'
import type { Db } from '../db/client.js'
import { notFound } from '../errors.js'
import { dateModified } from './articles.js'
import type { Site } from './site.js'
import { publicArticles } from './visibility.js'

// Sitemaps for search engines, made with the `sitemap` package: an index, the public
// articles in pages of sitemapSize (oldest first, so a page's contents stay put as
// news is added), and a Google News sitemap of the last 48 hours. Locations are the
// site's article pages; the sitemaps' own URLs are under API_URL.

export const sitemapSize = 10_000
export const newsWindowHours = 48

const articleSelect = {
  slug: true,
  title: true,
  publishedAt: true,
  modifiedAt: true,
  section: { select: { section: { select: { path: true } } } }
} as const

type Row = { slug: string, title: string, publishedAt: Date | null, modifiedAt: Date | null, section: { section: { path: string } } | null }

async function render (items: SitemapItemLoose[], news = false): Promise<string> {
  if (items.length === 0) {
    // The library refuses to end a urlset it wrote nothing into (EmptySitemap, a 500),
    // but an empty urlset is valid, and it is what the news sitemap is when nothing was
    // published in its window: the library's own head (same namespaces), then the end.
    const one = await render([{ url: 'https://example.invalid/' }], news)
    return `${one.slice(0, one.indexOf('<url>'))}</urlset>`
  }
  const stream = new SitemapStream({ xmlns: { news, xhtml: false, image: false, video: false } })
  return (await streamToPromise(Readable.from(items).pipe(stream))).toString('utf8')
}

export class SitemapService {
  constructor (private readonly db: Db, private readonly site: Site) {}

  #url (row: Row): string {
    return this.site.article({ slug: row.slug, section: row.section?.section.path ?? null, publishedAt: row.publishedAt })
  }

  async index (): Promise<string> {
    const count = await this.db.article.count({ where: publicArticles() })
    const pages = Math.max(1, Math.ceil(count / sitemapSize))
    const newest = await this.db.article.findFirst({ where: publicArticles(), orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }], select: { publishedAt: true, modifiedAt: true } })
    const lastmod = newest ? dateModified(newest) ?? undefined : undefined
    const entries = [
      ...Array.from({ length: pages }, (_, i) => ({ url: this.site.api(`/v1/sitemaps/articles/${i + 1}`) })),
      { url: this.site.api('/v1/sitemaps/news'), ...(lastmod ? { lastmod } : {}) }
    ]
    return (await streamToPromise(Readable.from(entries).pipe(new SitemapIndexStream()))).toString('utf8')
  }

  /** Page `page` (from 1) of the public articles, oldest first; a 404 past the last page. */
  async articles (page: number): Promise<string> {
    const rows: Row[] = await this.db.article.findMany({
      where: publicArticles(),
      orderBy: [{ publishedAt: 'asc' }, { id: 'asc' }],
      skip: (page - 1) * sitemapSize,
      take: sitemapSize,
      select: articleSelect
    })
    if (rows.length === 0 && page > 1) throw notFound(`Sitemap page ${page}`)
    return render(rows.map(row => ({ url: this.#url(row), lastmod: dateModified(row) ?? undefined })))
  }

  /** Google News: the articles published in the last 48 hours, newest first (at most 1,000, as Google allows). */
  async news (now = new Date()): Promise<string> {
    const since = new Date(now.getTime() - newsWindowHours * 3600_000)
    const rows: Row[] = await this.db.article.findMany({
      where: { AND: [publicArticles(now), { publishedAt: { gte: since } }] },
      orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
      take: 1000,
      select: articleSelect
    })
    return render(rows.map(row => ({
      url: this.#url(row),
      lastmod: dateModified(row) ?? undefined,
      news: {
        publication: { name: this.site.publisher.name, language: this.site.language },
        publication_date: row.publishedAt!.toISOString(),
        title: row.title
      }
    })), true)
  }
}
