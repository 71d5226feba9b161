import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { invalid } from '../../errors.js'
import { ArticleListQuery, articleList, ArticleListSchema, ArticleParams, ArticleQuery, articleIncludes, type ArticleInclude } from '../../schemas/article.js'
import { errorResponses, ok, problem } from '../../schemas/common.js'
import { parseListQuery } from '../../services/list-query.js'
import { sendPage } from '../page.js'
import { articleVersionTag } from '../../services/article-writes.js'
import { grants } from '../../services/tokens.js'
import { Type } from 'typebox'

/** Parses `include=a,b`, answering 400 naming any relation that is not offered. */
function parseInclude (value: string | undefined): ArticleInclude[] {
  if (value === undefined) return []
  const names = value.split(',').map(s => s.trim())
  for (const name of names) {
    if (!(articleIncludes as readonly string[]).includes(name)) {
      throw invalid('query', '/include', `names "${name.slice(0, 50)}", which is not one of: ${articleIncludes.join(', ')}`)
    }
  }
  return [...new Set(names)] as ArticleInclude[]
}

const articles: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/articles', {
    config: { cache: 'public' },
    schema: {
      tags: ['articles'],
      summary: 'List published articles: filter, sort, page, search',
      description: 'The list grammar (the same on every list): `filter[field]` and `filter[field][op]` on the parameters below, `sort`, `limit` and `cursor`, `count=true`, `include`, `fields`, and `q` for full-text search. Any other parameter is a 400 naming it.',
      querystring: ArticleListQuery,
      response: { 200: ok(ArticleListSchema, 'A page of articles.'), ...errorResponses }
    }
  }, async (request, reply) => {
    return sendPage(request, reply, await app.articles.listPublic(parseListQuery(articleList, request.query)))
  })

  app.get('/articles/:slug', {
    config: { cache: 'public' },
    schema: {
      tags: ['articles'],
      summary: 'Read a published article (any status with a content:read token)',
      description: 'With `include=entities,quotes`, the entities it mentions and the quotes in it come embedded. Without a token only public articles exist (others are 404); with a content:read token drafts, scheduled and archived articles are readable too, and the answer is `Cache-Control: private, no-store`. The ETag starts with the version (`"v3-..."`) for If-Match on writes.',
      security: [{}, { bearerAuth: ['content:read'] }],
      params: ArticleParams,
      querystring: ArticleQuery,
      response: { 200: ok(Type.Ref('Article'), 'The article.'), 404: problem('No published article has this slug.'), ...errorResponses }
    }
  }, async (request, reply) => {
    const principal = await app.authenticate(request)
    const article = await app.articles.getPublic(request.params.slug, parseInclude(request.query.include), { drafts: principal !== null && grants(principal.scopes, 'content:read') })
    reply.versionTag = articleVersionTag(article.version)
    return article
  })
}

export default articles
