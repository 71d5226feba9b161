import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { AuthorListQuery, authorList, AuthorListSchema, AuthorParams, AuthorPatchBody, AuthorWriteBody } from '../../schemas/author.js'
import { errorResponses, ok, problem } from '../../schemas/common.js'
import { parseListQuery } from '../../services/list-query.js'
import { sendPage } from '../page.js'
import { authResponses } from './tokens.js'

const write = [{ bearerAuth: ['content:write'] }]
const author = (description: string) => ok(Type.Ref('Author'), description)
const noAuthor = problem('No author has this slug.')

// Authors: public reads; writes need content:write. An author's articles are
// GET /v1/articles?filter[author]={slug}, its feed /v1/feeds/authors/{slug}.
const authors: FastifyPluginAsyncTypebox = async (app) => {
  const writer = app.authorWriter

  app.get('/authors', {
    config: { cache: 'public' },
    schema: {
      tags: ['authors'],
      summary: 'List authors by name',
      description: 'The list grammar: `filter[slug]`, `filter[name][prefix]`, `sort=name|-updatedAt`, `limit`, `cursor`, `count=true`, `fields`.',
      querystring: AuthorListQuery,
      response: { 200: ok(AuthorListSchema, 'A page of authors.'), ...errorResponses }
    }
  }, async (request, reply) => sendPage(request, reply, await app.authors.list(parseListQuery(authorList, request.query))))

  app.get('/authors/:slug', {
    config: { cache: 'public' },
    schema: {
      tags: ['authors'],
      summary: 'Read an author',
      params: AuthorParams,
      response: { 200: author('The author.'), 404: noAuthor, ...errorResponses }
    }
  }, async (request) => app.authors.get(request.params.slug))

  app.post('/authors', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['authors'],
      summary: 'Create an author',
      description: 'The slug is made from the name when absent. Articles name their authors by slug in `authors`.',
      security: write,
      body: AuthorWriteBody,
      response: { 201: author('The author as stored.'), ...authResponses, 409: problem('An author has this slug.'), ...errorResponses }
    }
  }, async (request, reply) => {
    const created = await writer.create(request.body)
    return reply.code(201).header('location', `/v1/authors/${created.slug}`).send(created)
  })

  app.patch('/authors/:slug', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['authors'],
      summary: 'Change some fields of an author',
      description: 'Only the fields sent change; `null` clears an optional field; `links` sent replaces the list.',
      security: write,
      params: AuthorParams,
      body: AuthorPatchBody,
      response: { 200: author('The changed author.'), ...authResponses, 404: noAuthor, ...errorResponses }
    }
  }, async (request) => writer.patch(request.params.slug, request.body))

  app.delete('/authors/:slug', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['authors'],
      summary: 'Delete an author no article names',
      security: write,
      params: AuthorParams,
      response: { 204: { description: 'Deleted.', type: 'null' }, ...authResponses, 404: noAuthor, 409: problem('Articles name the author; the detail lists them.'), ...errorResponses }
    }
  }, async (request, reply) => {
    await writer.delete(request.params.slug)
    return reply.code(204).send(null)
  })
}

export default authors
