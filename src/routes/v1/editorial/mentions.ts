import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorResponses, ok, problem } from '../../../schemas/common.js'
import { MentionParams } from '../../../schemas/quote-write.js'
import { authResponses } from '../tokens.js'

const write = [{ bearerAuth: ['content:write'] }]

// Manual (editorial) mentions: an editor says an article is about an entity.
const mentionWrites: FastifyPluginAsyncTypebox = async (app) => {
  const writer = app.quoteWriter

  app.put('/articles/:slug/mentions/:entity', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['articles'],
      summary: 'Set an editorial mention of an entity in an article',
      description: 'Stored with source `editorial`, which automatic linking keeps. Idempotent. No body.',
      security: write,
      params: MentionParams,
      response: {
        200: ok(Type.Ref('StoredMention'), 'The mention, now editorial.'),
        201: ok(Type.Ref('StoredMention'), 'The mention was added.'),
        ...authResponses,
        404: problem('No such article or entity.'),
        ...errorResponses
      }
    }
  }, async (request, reply) => {
    const { mention, created } = await writer.setMention(request.params.slug, request.params.entity)
    return reply.code(created ? 201 : 200).send(mention)
  })

  app.delete('/articles/:slug/mentions/:entity', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['articles'],
      summary: 'Remove a mention',
      description: 'An automatic mention comes back at once while the article still names the entity.',
      security: write,
      params: MentionParams,
      response: { 204: { description: 'Removed.', type: 'null' }, ...authResponses, 404: problem('The article does not mention the entity.'), ...errorResponses }
    }
  }, async (request, reply) => {
    await writer.deleteMention(request.params.slug, request.params.entity)
    return reply.code(204).send(null)
  })
}

export default mentionWrites
