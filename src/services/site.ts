import type { SiteConfig } from '../config.js'

// The public site's URLs, made from configuration only (SITE_URL, API_URL and the
// page templates). Nothing here reads a request: a URL built from Host or
// X-Forwarded-Host would let one client poison the copy a CDN serves to everyone.

/** What an article's page URL may depend on. */
export interface ArticleLocation {
  slug: string
  /** The section's path of slugs from the top, e.g. "world/middle-east"; null when the article has none. */
  section?: string | null
  publishedAt?: string | Date | null
}

const two = (n: number) => String(n).padStart(2, '0')

/**
 * Fills a path template. Values are URL-encoded segment by segment (a section path
 * keeps its slashes); a placeholder with no value leaves no empty segment behind, so
 * `/{section}/{slug}` for an article without a section is `/{slug}`.
 */
export function fillPath (template: string, values: Record<string, string | null | undefined>): string {
  const filled = template.replace(/\{([a-z]+)\}/g, (_, name: string) => {
    const value = values[name]
    return value ? value.split('/').map(encodeURIComponent).join('/') : ''
  })
  return filled.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1') || '/'
}

export class Site {
  constructor (readonly config: SiteConfig) {}

  get url (): string { return this.config.url }
  get language (): string { return this.config.language }
  get publisher (): SiteConfig['publisher'] { return this.config.publisher }

  /** The home page. */
  home (): string { return `${this.config.url}/` }

  article (article: ArticleLocation): string {
    const date = article.publishedAt ? new Date(article.publishedAt) : null
    return this.config.url + fillPath(this.config.paths.article, {
      slug: article.slug,
      section: article.section ?? null,
      yyyy: date ? String(date.getUTCFullYear()) : null,
      mm: date ? two(date.getUTCMonth() + 1) : null,
      dd: date ? two(date.getUTCDate()) : null
    })
  }

  /** A section's page, by its path of slugs ("world/middle-east"). */
  section (path: string): string { return this.config.url + fillPath(this.config.paths.section, { section: path }) }
  tag (slug: string): string { return this.config.url + fillPath(this.config.paths.tag, { slug }) }
  author (slug: string): string { return this.config.url + fillPath(this.config.paths.author, { slug }) }
  entity (slug: string): string { return this.config.url + fillPath(this.config.paths.entity, { slug }) }

  /** An absolute URL of this API (a feed's or a sitemap's own address): `path` starts with /v1. */
  api (path: string): string { return this.config.apiUrl + path }
}
