import { Feed } from 'feed'
import type { Db } from '../db/client.js'
import { notFound } from '../errors.js'
import { articleList, type ArticleListItem } from '../schemas/article.js'
import type { AuthorRef } from '../schemas/author.js'
import type { SectionRef } from '../schemas/section.js'
import type { ArticleService } from './articles.js'
import { parseListQuery } from './list-query.js'
import type { Site } from './site.js'

// RSS 2.0, Atom and JSON Feed of the newest public articles: of the whole site, a
// section (with those below it), a tag, an author or an entity. Made with the `feed`
// package; every URL is the site's (articles' pages) or the API's own (API_URL), none
// from the request. The feed's time is its newest entry's, so an unchanged feed is
// byte for byte the same and its ETag answers 304.

export const feedFormats = ['rss', 'atom', 'json'] as const
export type FeedFormat = typeof feedFormats[number]
export const feedScopes = ['sections', 'tags', 'authors', 'entities'] as const
export type FeedScope = typeof feedScopes[number]

export const feedTypes: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8'
}

/** How many entries a feed holds. */
export const feedSize = 20

const filterOf: Record<FeedScope, string> = { sections: 'filter[section]', tags: 'filter[tag]', authors: 'filter[author]', entities: 'filter[entity]' }

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!))
const paragraphs = (text: string) => text.split(/\n\s*\n/).map(p => `<p>${escapeHtml(p.trim())}</p>`).join('\n')

type Notice = { kind: string, text: string, createdAt: Date }

export class FeedService {
  constructor (private readonly db: Db, private readonly site: Site, private readonly articles: ArticleService) {}

  /** What the feed is about: its title and page on the site; a 404 when the section, tag, author or entity does not exist. */
  async #about (scope: FeedScope | null, slug: string): Promise<{ title: string, page: string }> {
    const publisher = this.site.publisher.name
    if (scope === null) return { title: publisher, page: this.site.home() }
    const missing = (what: string) => notFound(`${what} "${slug}"`)
    switch (scope) {
      case 'sections': {
        const s = await this.db.section.findUnique({ where: { slug }, select: { name: true, path: true } })
        if (!s) throw missing('Section')
        return { title: `${publisher}: ${s.name}`, page: this.site.section(s.path) }
      }
      case 'tags': {
        const t = await this.db.tag.findUnique({ where: { slug }, select: { name: true } })
        if (!t) throw missing('Tag')
        return { title: `${publisher}: ${t.name}`, page: this.site.tag(slug) }
      }
      case 'authors': {
        const a = await this.db.author.findUnique({ where: { slug }, select: { name: true } })
        if (!a) throw missing('Author')
        return { title: `${publisher}: ${a.name}`, page: this.site.author(slug) }
      }
      case 'entities': {
        const e = await this.db.entity.findUnique({ where: { slug }, select: { name: true } })
        if (!e) throw missing('Entity')
        return { title: `${publisher}: ${e.name}`, page: this.site.entity(slug) }
      }
    }
  }

  /** The feed as text in the format asked for. `scope` null: the whole site. */
  async render (scope: FeedScope | null, slug: string, format: FeedFormat): Promise<string> {
    const about = await this.#about(scope, slug)
    const query: Record<string, unknown> = { limit: feedSize, ...(scope ? { [filterOf[scope]]: scope === 'sections' ? slug : [slug] } : {}) }
    const { data } = await this.articles.listPublic(parseListQuery(articleList, query))
    const notices = await this.#notices(data.map(a => a.slug!))
    const self = (f: FeedFormat) => this.site.api(scope ? `/v1/feeds/${scope}/${slug}/${f}` : `/v1/feeds/${f}`)
    const dates = data.map(a => new Date(a.dateModified ?? a.publishedAt!))
    const feed = new Feed({
      id: about.page,
      title: about.title,
      link: about.page,
      language: this.site.language,
      updated: dates.length > 0 ? new Date(Math.max(...dates.map(d => d.getTime()))) : new Date(0),
      generator: 'Dateline',
      image: this.site.publisher.logoUrl,
      copyright: `© ${this.site.publisher.name}`,
      feedLinks: { rss: self('rss'), atom: self('atom'), json: self('json') }
    })
    for (const [i, article] of data.entries()) feed.addItem(this.#item(article, dates[i], notices.get(article.slug!) ?? []))
    return format === 'rss' ? feed.rss2() : format === 'atom' ? feed.atom1() : feed.json1()
  }

  #item (article: ArticleListItem, date: Date, notices: Notice[]) {
    const section = article.section as SectionRef | null
    const link = this.site.article({ slug: article.slug!, section: section?.path ?? null, publishedAt: article.publishedAt })
    const authors = (article.authors ?? []) as AuthorRef[]
    const noticeHtml = notices.map(n => `<p><strong>${n.kind === 'correction' ? 'Correction' : 'Update'}</strong> (${n.createdAt.toISOString()}): ${escapeHtml(n.text)}</p>`).join('\n')
    return {
      title: article.title!,
      id: link,
      link,
      date,
      published: new Date(article.publishedAt!),
      ...(article.standfirst ? { description: article.standfirst } : {}),
      content: [article.standfirst ? paragraphs(article.standfirst) : '', noticeHtml].filter(Boolean).join('\n') || undefined,
      author: authors.length > 0
        ? authors.map(a => ({ name: a.name, link: this.site.author(a.slug) }))
        : article.byline ? [{ name: article.byline }] : undefined,
      category: [
        ...(section ? [{ name: section.name, domain: this.site.section(section.path) }] : []),
        ...(article.tags ?? []).map(t => ({ name: t.name, domain: this.site.tag(t.slug) }))
      ]
    }
  }

  /** The corrections and updates of some articles, oldest first. */
  async #notices (slugs: string[]): Promise<Map<string, Notice[]>> {
    const rows = slugs.length === 0
      ? []
      : await this.db.articleCorrection.findMany({ where: { article: { slug: { in: slugs } } }, include: { article: { select: { slug: true } } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
    const out = new Map<string, Notice[]>()
    for (const row of rows) out.set(row.article.slug, [...out.get(row.article.slug) ?? [], row])
    return out
  }
}
