import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorResponses, ok, problem } from '../../../schemas/common.js'
import { RelationParams, RelationWriteBody } from '../../../schemas/entity-write.js'
import { authResponses } from '../tokens.js'

const write = [{ bearerAuth: ['content:write'] }]

// Declared relations between entities ("Putin leads Russia"). They are read through
// GET /v1/entities/{slug}; these routes add and remove them.
const relationWrites: FastifyPluginAsyncTypebox = async (app) => {
  const writer = app.entityWriter

  app.post('/relations', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['entities'],
      summary: 'Declare a relation between entities',
      description: 'Idempotent: declaring an existing relation again answers it with 200 (a changed `article` is updated).',
      security: write,
      body: RelationWriteBody,
      response: {
        200: ok(Type.Ref('StoredRelation'), 'The relation was already declared.'),
        201: ok(Type.Ref('StoredRelation'), 'Declared.'),
        ...authResponses,
        ...errorResponses
      }
    }
  }, async (request, reply) => {
    const { relation, created } = await writer.addRelation(request.body)
    return reply.code(created ? 201 : 200).send(relation)
  })

  app.delete('/relations/:id', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['entities'],
      summary: 'Remove a relation',
      security: write,
      params: RelationParams,
      response: { 204: { description: 'Removed.', type: 'null' }, ...authResponses, 404: problem('No relation has this id.'), ...errorResponses }
    }
  }, async (request, reply) => {
    await writer.deleteRelation(request.params.id)
    return reply.code(204).send(null)
  })
}

export default relationWrites
