import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorResponses, ok, problem } from '../../schemas/common.js'
import { QuoteListQuery, quoteList, QuoteListSchema, QuoteParams } from '../../schemas/quote.js'
import { parseListQuery } from '../../services/list-query.js'
import { sendPage } from '../page.js'
import { quoteVersionTag } from '../../services/quote-writes.js'

const quotes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/quotes', {
    config: { cache: 'public' },
    schema: {
      tags: ['quotes'],
      summary: 'List quotes from published articles: filter, sort, page, search',
      description: 'The list grammar (the same on every list): `filter[field]` and `filter[field][op]` on the parameters below, `sort`, `limit` and `cursor`, `count=true`, `fields`, and `q` for full-text search in the quoted words. Any other parameter is a 400 naming it.',
      querystring: QuoteListQuery,
      response: { 200: ok(QuoteListSchema, 'A page of quotes.'), ...errorResponses }
    }
  }, async (request, reply) => {
    return sendPage(request, reply, await app.quotes.list(parseListQuery(quoteList, request.query)))
  })

  app.get('/quotes/:id', {
    config: { cache: 'public' },
    schema: {
      tags: ['quotes'],
      summary: 'Read a quote',
      params: QuoteParams,
      response: { 200: ok(Type.Ref('Quote'), 'The quote.'), 404: problem('No quote with this id is in a published article.'), ...errorResponses }
    }
  }, async (request, reply) => {
    const { quote, updatedAt } = await app.quotes.getVersioned(request.params.id)
    reply.versionTag = quoteVersionTag(updatedAt)
    return quote
  })
}

export default quotes
