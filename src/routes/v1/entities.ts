import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorResponses, ok, problem } from '../../schemas/common.js'
import { EntityListQuery, EntityListSchema, EntityParams } from '../../schemas/entity.js'
import { withLink } from '../../services/pagination.js'
import { entityVersionTag } from '../../services/entity-writes.js'

const entities: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/entities', {
    config: { cache: 'public' },
    schema: {
      tags: ['entities'],
      summary: 'List entities by name',
      querystring: EntityListQuery,
      response: { 200: ok(EntityListSchema, 'A page of entities.'), ...errorResponses }
    }
  }, async (request, reply) => {
    return withLink(reply, await app.entities.list(request.query, request.url))
  })

  app.get('/entities/:slug', {
    config: { cache: 'public' },
    schema: {
      tags: ['entities'],
      summary: 'Read an entity with its relations',
      params: EntityParams,
      response: { 200: ok(Type.Ref('Entity'), 'The entity.'), 404: problem('No entity has this slug.'), ...errorResponses }
    }
  }, async (request, reply) => {
    const entity = await app.entities.get(request.params.slug)
    reply.versionTag = entityVersionTag(new Date(entity.updatedAt))
    return entity
  })
}

export default entities
