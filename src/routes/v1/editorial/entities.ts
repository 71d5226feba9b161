import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IfMatchHeaders } from '../../../schemas/article-write.js'
import { errorResponses, ok, OutcomeHeader, problem, withHeaders } from '../../../schemas/common.js'
import { EntityParams } from '../../../schemas/entity.js'
import { EntityPatchBody, EntityWriteBody } from '../../../schemas/entity-write.js'
import { entityVersionTag } from '../../../services/entity-writes.js'
import { authResponses } from '../tokens.js'

const write = [{ bearerAuth: ['content:write'] }]
const entity = (description: string) => ok(Type.Ref('Entity'), description)
const stale = { 412: problem('If-Match names a version that is no longer current: read the entity again.') }

// The editorial API for entities.
const entityWrites: FastifyPluginAsyncTypebox = async (app) => {
  const writer = app.entityWriter

  app.post('/entities', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['entities'],
      summary: 'Create an entity',
      description: 'The slug is made from the name when absent (diacritics folded: "Erdoğan" becomes "erdogan").',
      security: write,
      body: EntityWriteBody,
      response: { 201: entity('The entity as stored.'), ...authResponses, 409: problem('An entity has this slug; the detail names it.'), ...errorResponses }
    }
  }, async (request, reply) => {
    const created = await writer.create(request.body)
    reply.versionTag = entityVersionTag(new Date(created.updatedAt))
    return reply.code(201).header('location', `/v1/entities/${created.slug}`).send(created)
  })

  app.put('/entities/:slug', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['entities'],
      summary: 'Create or replace an entity (idempotent)',
      description: 'Aliases, demonyms and former names left out become empty. Sending the stored state again writes nothing.',
      security: write,
      params: EntityParams,
      headers: IfMatchHeaders,
      body: EntityWriteBody,
      response: { 200: withHeaders(entity('Replaced or unchanged: `X-Outcome` says which.'), OutcomeHeader), 201: withHeaders(entity('Created (`X-Outcome: created`).'), OutcomeHeader), ...authResponses, ...stale, ...errorResponses }
    }
  }, async (request, reply) => {
    const { entity, outcome } = await writer.put(request.params.slug, request.body, request.headers['if-match'])
    reply.versionTag = entityVersionTag(new Date(entity.updatedAt))
    return reply.code(outcome === 'created' ? 201 : 200).header('x-outcome', outcome).send(entity)
  })

  app.patch('/entities/:slug', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['entities'],
      summary: 'Change some fields of an entity',
      description: 'Only the fields sent change; `null` clears an optional field; a list sent replaces the stored list.',
      security: write,
      params: EntityParams,
      headers: IfMatchHeaders,
      body: EntityPatchBody,
      response: { 200: entity('The changed entity.'), ...authResponses, 404: problem('No entity has this slug.'), ...stale, ...errorResponses }
    }
  }, async (request, reply) => {
    const changed = await writer.patch(request.params.slug, request.body, request.headers['if-match'])
    reply.versionTag = entityVersionTag(new Date(changed.updatedAt))
    return changed
  })

  app.delete('/entities/:slug', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['entities'],
      summary: 'Delete an entity',
      description: 'Deletes it with its aliases, relations and mentions; its quotes become unattributed.',
      security: write,
      params: EntityParams,
      headers: IfMatchHeaders,
      response: { 204: { description: 'Deleted.', type: 'null' }, ...authResponses, 404: problem('No entity has this slug.'), ...stale, ...errorResponses }
    }
  }, async (request, reply) => {
    await writer.delete(request.params.slug, request.headers['if-match'])
    return reply.code(204).send(null)
  })
}

export default entityWrites
