import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorResponses, ok, problem } from '../../../schemas/common.js'
import { QuoteParams } from '../../../schemas/quote.js'
import { QuotePatchBody, QuoteWriteBody } from '../../../schemas/quote-write.js'
import { quoteVersionTag } from '../../../services/quote-writes.js'
import { IfMatchHeaders } from '../../../schemas/article-write.js'
import { authResponses } from '../tokens.js'

const write = [{ bearerAuth: ['content:write'] }]
const stale = { 412: problem('If-Match names a version that is no longer current: read the quote again.') }

// The editorial API for quotes.
const quoteWrites: FastifyPluginAsyncTypebox = async (app) => {
  const writer = app.quoteWriter

  app.post('/quotes', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['quotes'],
      summary: 'Add a quote to an article',
      description: 'Its position, and its context unless given, are found in the article body.',
      security: write,
      body: QuoteWriteBody,
      response: { 201: ok(Type.Ref('Quote'), 'The quote as stored.'), ...authResponses, 409: problem('The article already has this quote.'), ...errorResponses }
    }
  }, async (request, reply) => {
    const { updatedAt, ...quote } = await writer.create(request.body)
    reply.versionTag = quoteVersionTag(updatedAt)
    return reply.code(201).header('location', `/v1/quotes/${quote.id}`).send(quote)
  })

  app.patch('/quotes/:id', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['quotes'],
      summary: 'Change a quote (wording, speaker, context, verified)',
      security: write,
      params: QuoteParams,
      headers: IfMatchHeaders,
      body: QuotePatchBody,
      response: { 200: ok(Type.Ref('Quote'), 'The changed quote.'), ...authResponses, 404: problem('No quote has this id.'), 409: problem('The article already has a quote with this text.'), ...stale, ...errorResponses }
    }
  }, async (request, reply) => {
    const { updatedAt, ...quote } = await writer.patch(request.params.id, request.body, request.headers['if-match'])
    reply.versionTag = quoteVersionTag(updatedAt)
    return quote
  })

  app.delete('/quotes/:id', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['quotes'],
      summary: 'Delete a quote',
      security: write,
      params: QuoteParams,
      headers: IfMatchHeaders,
      response: { 204: { description: 'Deleted.', type: 'null' }, ...authResponses, 404: problem('No quote has this id.'), ...stale, ...errorResponses }
    }
  }, async (request, reply) => {
    await writer.delete(request.params.id, request.headers['if-match'])
    return reply.code(204).send(null)
  })
}

export default quoteWrites
