import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ArticleListSchema, ArticleParams, articleList } from '../../schemas/article.js'
import { errorResponses, ok, problem } from '../../schemas/common.js'
import { EntityParams } from '../../schemas/entity.js'
import { EntityPageQuery, RelatedQuery } from '../../schemas/graph.js'
import { QuoteListSchema } from '../../schemas/quote.js'
import { parseListQuery } from '../../services/list-query.js'
import { sendPage } from '../page.js'

const noEntity = problem('No entity has this slug.')

// The news graph: entities' articles, quotes and relations, and articles as JSON-LD.
const graph: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/entities/:slug/articles', {
    config: { cache: 'public' },
    schema: {
      tags: ['graph'],
      summary: 'Published articles that mention an entity, newest first',
      params: EntityParams,
      querystring: EntityPageQuery,
      response: { 200: ok(ArticleListSchema, 'A page of articles.'), 404: noEntity, ...errorResponses }
    }
  }, async (request, reply) => sendPage(request, reply, await app.graph.articles(request.params.slug, parseListQuery(articleList, { ...request.query, 'filter[entity]': request.params.slug }))))

  app.get('/entities/:slug/quotes', {
    config: { cache: 'public' },
    schema: {
      tags: ['graph'],
      summary: 'What an entity said: its quotes in published articles, newest article first',
      params: EntityParams,
      querystring: EntityPageQuery,
      response: { 200: ok(QuoteListSchema, 'A page of quotes.'), 404: noEntity, ...errorResponses }
    }
  }, async (request, reply) => sendPage(request, reply, await app.graph.quotes(request.params.slug, request.query)))

  app.get('/entities/:slug/related', {
    config: { cache: 'public' },
    schema: {
      tags: ['graph'],
      summary: 'Entities co-mentioned with an entity, weighted by how often, and its declared relations',
      params: EntityParams,
      querystring: RelatedQuery,
      response: { 200: ok(Type.Ref('Related'), 'The related entities, strongest first.'), 404: noEntity, ...errorResponses }
    }
  }, async (request) => app.graph.related(request.params.slug, request.query.limit))

  app.get('/articles/:slug/jsonld', {
    config: { cache: 'public' },
    schema: {
      tags: ['graph'],
      summary: 'A published article as schema.org NewsArticle JSON-LD',
      description: 'Answers `application/ld+json`: the article with the entities it is about and mentions, and its quotes as Quotation items with their speakers. URLs are absolute pages of the site, made from SITE_URL and the page templates (never from the request\'s Host or X-Forwarded-* headers).',
      params: ArticleParams,
      response: {
        200: { description: 'The NewsArticle.', content: { 'application/ld+json': { schema: Type.Ref('NewsArticle') } } },
        404: problem('No published article has this slug.'),
        ...errorResponses
      }
    }
  }, async (request, reply) => {
    const article = await app.graph.jsonLd(request.params.slug, app.site)
    return reply.type('application/ld+json').send(article)
  })
}

export default graph
