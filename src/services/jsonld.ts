import type { Article } from '../schemas/article.js'
import type { EntityRef } from '../schemas/common.js'
import type { NewsArticle } from '../schemas/graph.js'
import type { SectionRef } from '../schemas/section.js'
import type { AuthorRef } from '../schemas/author.js'
import type { Correction } from '../schemas/correction.js'
import type { LeadImage } from '../schemas/image.js'
import type { Site } from './site.js'

// An article as schema.org NewsArticle JSON-LD, for a page to embed. Its URLs are the
// site's pages (from configuration), never the API's and never the request's host.

const schemaTypes: Record<string, 'Country' | 'Person' | 'Organization' | 'Place'> = { country: 'Country', leader: 'Person', person: 'Person', group: 'Organization', organization: 'Organization', place: 'Place' }
const personKinds = new Set(['leader', 'person'])

export function toNewsArticle (article: Article, site: Site): NewsArticle {
  const section = article.section as SectionRef | null
  const lead = article.leadImage as LeadImage | null
  const url = site.article({ slug: article.slug, section: section?.path ?? null, publishedAt: article.publishedAt })
  const thing = (e: EntityRef) => ({ '@type': schemaTypes[e.kind] ?? 'Thing', '@id': site.entity(e.slug), name: e.name, identifier: e.slug })
  const entities = article.entities ?? []
  const inTitle = entities.filter(e => e.offsets.some(o => o.field === 'title'))
  const corrections = (article.corrections as Correction[])
    .filter(c => c.kind === 'correction')
    .map(c => ({ '@type': 'CorrectionComment' as const, text: c.text, datePublished: c.createdAt }))
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': url,
    url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    headline: article.title,
    ...(lead ? { image: [lead.crops['16x9'], lead.crops['4x3'], lead.crops['1x1']] } : {}),
    ...(article.standfirst ? { description: article.standfirst } : {}),
    articleBody: article.body,
    ...(article.publishedAt ? { datePublished: article.publishedAt } : {}),
    dateModified: article.dateModified ?? article.updatedAt,
    ...(article.dateline ? { dateline: article.dateline } : {}),
    ...authorsOf(article, site),
    publisher: {
      '@type': 'Organization',
      name: site.publisher.name,
      url: site.home(),
      logo: { '@type': 'ImageObject', url: site.publisher.logoUrl }
    },
    isAccessibleForFree: true,
    ...(section ? { articleSection: section.name } : {}),
    keywords: article.tags.map(t => t.name),
    about: (inTitle.length > 0 ? inTitle : entities.slice(0, 1)).map(thing),
    mentions: entities.map(thing),
    hasPart: (article.quotes ?? []).map(q => {
      const speaker = q.speaker as EntityRef | null
      return {
        '@type': 'Quotation' as const,
        text: q.text,
        ...(speaker ? (personKinds.has(speaker.kind) ? { spokenByCharacter: thing(speaker) } : { creator: thing(speaker) }) : {})
      }
    }),
    ...(corrections.length > 0 ? { correction: corrections } : {})
  }
}

/** The authors as Persons with their pages; a byline with no authors behind it is one Person by name. */
function authorsOf (article: Article, site: Site): Pick<NewsArticle, 'author'> {
  const authors = article.authors as AuthorRef[]
  if (authors.length > 0) return { author: authors.map(a => ({ '@type': 'Person' as const, name: a.name, url: site.author(a.slug), ...(a.role ? { jobTitle: a.role } : {}), ...(a.avatar ? { image: a.avatar } : {}) })) }
  return article.byline ? { author: [{ '@type': 'Person' as const, name: article.byline }] } : {}
}
