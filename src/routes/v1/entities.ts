import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorResponses, ok, problem } from '../../schemas/common.js'
import { EntityListQuery, entityList, EntityListSchema, EntityParams } from '../../schemas/entity.js'
import { parseListQuery } from '../../services/list-query.js'
import { sendPage } from '../page.js'
import { entityVersionTag } from '../../services/entity-writes.js'

const entities: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/entities', {
    config: { cache: 'public' },
    schema: {
      tags: ['entities'],
      summary: 'List entities: filter, sort, page, search',
      description: 'The list grammar (the same on every list): `filter[field]` and `filter[field][op]` on the parameters below, `sort`, `limit` and `cursor`, `count=true`, `fields`, and `q` for full-text search on names and aliases. Any other parameter is a 400 naming it.',
      querystring: EntityListQuery,
      response: { 200: ok(EntityListSchema, 'A page of entities.'), ...errorResponses }
    }
  }, async (request, reply) => {
    return sendPage(request, reply, await app.entities.list(parseListQuery(entityList, request.query)))
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
