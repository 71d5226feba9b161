import { Type, type Static } from 'typebox'
import { Nullable, PageQuery } from './common.js'

export const EntityPageQuery = Type.Object({ ...PageQuery }, { additionalProperties: false })

export const RelatedQuery = Type.Object({
  limit: PageQuery.limit
}, { additionalProperties: false })

export const RelatedSchema = Type.Object({
  entity: Type.Ref('EntityRef'),
  data: Type.Array(Type.Object({
    entity: Type.Ref('EntityRef'),
    articles: Type.Integer({ description: 'How many published articles mention both entities: the weight.' }),
    mentions: Type.Integer({ description: 'How often those articles name the related entity.' }),
    relations: Type.Array(Type.Object({
      predicate: Type.String(),
      direction: Type.Enum(['outgoing', 'incoming'], { description: 'outgoing: this entity is the subject ("Russia supports Assad" seen from Russia).' }),
      article: Nullable(Type.String({ description: 'Slug of the article the relation was reported in.' }))
    }), { description: 'Declared relations between the two entities.' })
  }), { description: 'Most co-mentioned first; entities related only by a declared relation come last (articles 0).' })
}, { $id: 'Related', title: 'Related', description: 'Entities co-mentioned with an entity in published articles, and those it has declared relations with.' })
export type Related = Static<typeof RelatedSchema>

const Thing = Type.Object({
  '@type': Type.Enum(['Country', 'Person', 'Organization', 'Place', 'Thing'], { description: 'The schema.org type of the entity\'s kind.' }),
  '@id': Type.String({ description: 'The entity\'s page on the site (ENTITY_URL_TEMPLATE).' }),
  name: Type.String(),
  identifier: Type.String({ description: 'The entity\'s slug.' })
})

export const NewsArticleSchema = Type.Object({
  '@context': Type.Literal('https://schema.org'),
  '@type': Type.Literal('NewsArticle'),
  '@id': Type.String({ description: 'The article\'s page on the site: SITE_URL and ARTICLE_URL_TEMPLATE.' }),
  url: Type.String(),
  mainEntityOfPage: Type.Object({ '@type': Type.Literal('WebPage'), '@id': Type.String() }),
  headline: Type.String(),
  image: Type.Optional(Type.Array(Type.String(), { description: 'With a lead image: its 16:9, 4:3 and 1:1 crops around the focal point, as Google asks for Article images.' })),
  description: Type.Optional(Type.String()),
  articleBody: Type.String(),
  datePublished: Type.Optional(Type.String()),
  dateModified: Type.String(),
  dateline: Type.Optional(Type.String()),
  author: Type.Optional(Type.Array(Type.Object({
    '@type': Type.Literal('Person'),
    name: Type.String(),
    url: Type.Optional(Type.String({ description: 'The author\'s page on the site.' })),
    jobTitle: Type.Optional(Type.String()),
    image: Type.Optional(Type.String())
  }), { description: 'The article\'s authors in byline order (a plain byline is one Person without a url).' })),
  publisher: Type.Object({
    '@type': Type.Literal('Organization'),
    name: Type.String(),
    url: Type.String(),
    logo: Type.Object({ '@type': Type.Literal('ImageObject'), url: Type.String() })
  }, { description: 'PUBLISHER_NAME, SITE_URL and PUBLISHER_LOGO_URL.' }),
  isAccessibleForFree: Type.Boolean(),
  articleSection: Type.Optional(Type.String({ description: 'The section\'s name.' })),
  correction: Type.Optional(Type.Array(Type.Object({
    '@type': Type.Literal('CorrectionComment'),
    text: Type.String(),
    datePublished: Type.String()
  }), { description: 'The article\'s corrections (not its update notices), oldest first.' })),
  keywords: Type.Array(Type.String()),
  about: Type.Array(Thing, { description: 'The entities named in the headline (or, failing that, the most mentioned one).' }),
  mentions: Type.Array(Thing, { description: 'Every entity the article names, most named first.' }),
  hasPart: Type.Array(Type.Object({
    '@type': Type.Literal('Quotation'),
    text: Type.String(),
    spokenByCharacter: Type.Optional(Thing),
    creator: Type.Optional(Thing)
  }), { description: 'The quotes, in reading order: a person\'s as spokenByCharacter, an organization\'s as creator.' })
}, { $id: 'NewsArticle', title: 'NewsArticle', description: 'A schema.org NewsArticle in JSON-LD, for a page to embed in <script type="application/ld+json">.' })
export type NewsArticle = Static<typeof NewsArticleSchema>
