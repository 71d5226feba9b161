import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorResponses, ok, problem } from '../../schemas/common.js'
import { CreateTokenBody, CreatedTokenSchema, TokenListQuery, TokenListSchema, TokenParams } from '../../schemas/token.js'
import { sendPage } from '../page.js'

export const authResponses = {
  401: errorResponses[401],
  403: problem('The token lacks the scope this route needs.')
}

const admin = [{ bearerAuth: ['admin'] }]

const tokens: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/tokens', {
    onRequest: app.requireScope('admin'),
    schema: {
      tags: ['tokens'],
      summary: 'List API tokens (never their secrets)',
      security: admin,
      querystring: TokenListQuery,
      response: { 200: ok(TokenListSchema, 'A page of tokens, newest first.'), ...authResponses, ...errorResponses }
    }
  }, async (request, reply) => sendPage(request, reply, await app.tokens.list(request.query)))

  app.post('/tokens', {
    onRequest: app.requireScope('admin'),
    // A name and a few scopes: nothing near the default megabyte.
    bodyLimit: 16 * 1024,
    schema: {
      tags: ['tokens'],
      summary: 'Create an API token',
      description: 'The answer holds the token itself, once: it is stored only as a keyed hash.',
      security: admin,
      body: CreateTokenBody,
      response: { 201: ok(CreatedTokenSchema, 'The token, with its secret.'), ...authResponses, 409: problem('A token with this name exists.'), ...errorResponses }
    }
  }, async (request, reply) => reply.code(201).send(await app.tokens.create(request.body)))

  app.get('/tokens/:id', {
    onRequest: app.requireScope('admin'),
    schema: {
      tags: ['tokens'],
      summary: 'Read an API token',
      security: admin,
      params: TokenParams,
      response: { 200: ok(Type.Ref('Token'), 'The token.'), ...authResponses, 404: problem('No token has this id.'), ...errorResponses }
    }
  }, async (request) => app.tokens.get(request.params.id))

  app.delete('/tokens/:id', {
    onRequest: app.requireScope('admin'),
    schema: {
      tags: ['tokens'],
      summary: 'Revoke an API token',
      description: 'The token stops working at once. Revoking a revoked token changes nothing.',
      security: admin,
      params: TokenParams,
      response: { 204: { description: 'Revoked.', type: 'null' }, ...authResponses, 404: problem('No token has this id.'), ...errorResponses }
    }
  }, async (request, reply) => {
    await app.tokens.revoke(request.params.id)
    return reply.code(204).send(null)
  })
}

export default tokens
