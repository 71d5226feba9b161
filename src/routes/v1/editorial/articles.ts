import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ArticleParams } from '../../../schemas/article.js'
import { ArticlePatchBody, ArticlePutBody, ArticleWriteBody, IfMatchHeaders, RevisionListSchema, RevisionParams } from '../../../schemas/article-write.js'
import { errorResponses, ok, OutcomeHeader, problem, withHeaders } from '../../../schemas/common.js'
import { articleVersionTag } from '../../../services/article-writes.js'
import { authResponses } from '../tokens.js'

const write = [{ bearerAuth: ['content:write'] }]
const read = [{ bearerAuth: ['content:read'] }]
const article = (description: string) => ok(Type.Ref('Article'), description)
const stale = { 412: problem('If-Match names a version that is no longer current: read the article again.') }

// The editorial (admin) API for articles, kept apart from the public read routes.
const articleWrites: FastifyPluginAsyncTypebox = async (app) => {
  const writer = app.articleWriter
  const actor = (request: { principal: { name: string } | null }) => request.principal?.name ?? 'unknown'

  app.post('/articles', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['articles'],
      summary: 'Create an article',
      description: 'The slug is made from the title when absent. A new article is a draft unless `status` says otherwise.',
      security: write,
      body: ArticleWriteBody,
      response: { 201: article('The article as stored, any status.'), ...authResponses, 409: problem('An article has this slug; the detail names it.'), ...errorResponses }
    }
  }, async (request, reply) => {
    const created = await writer.create(request.body, actor(request))
    reply.versionTag = articleVersionTag(created.version)
    return reply.code(201).header('location', `/v1/articles/${created.slug}`).send(created)
  })

  app.put('/articles/:slug', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['articles'],
      summary: 'Create or replace an article (idempotent)',
      description: 'Fields left out take their defaults (status draft). Sending the stored state again writes nothing and keeps the version.',
      security: write,
      params: ArticleParams,
      headers: IfMatchHeaders,
      body: ArticlePutBody,
      response: { 200: withHeaders(article('Replaced or unchanged: `X-Outcome` says which.'), OutcomeHeader), 201: withHeaders(article('Created (`X-Outcome: created`).'), OutcomeHeader), ...authResponses, ...stale, ...errorResponses }
    }
  }, async (request, reply) => {
    const { article, outcome } = await writer.put(request.params.slug, request.body, actor(request), request.headers['if-match'])
    reply.versionTag = articleVersionTag(article.version)
    return reply.code(outcome === 'created' ? 201 : 200).header('x-outcome', outcome).send(article)
  })

  app.patch('/articles/:slug', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['articles'],
      summary: 'Change some fields of an article',
      description: 'Only the fields sent change; `null` clears an optional field.',
      security: write,
      params: ArticleParams,
      headers: IfMatchHeaders,
      body: ArticlePatchBody,
      response: { 200: article('The changed article.'), ...authResponses, 404: problem('No article has this slug.'), ...stale, ...errorResponses }
    }
  }, async (request, reply) => {
    const changed = await writer.patch(request.params.slug, request.body, actor(request), request.headers['if-match'])
    reply.versionTag = articleVersionTag(changed.version)
    return changed
  })

  app.delete('/articles/:slug', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['articles'],
      summary: 'Delete an article',
      description: 'Deletes it with its revisions, mentions, quotes and comments. To take an article down but keep it, PATCH its status to archived.',
      security: write,
      params: ArticleParams,
      headers: IfMatchHeaders,
      response: { 204: { description: 'Deleted.', type: 'null' }, ...authResponses, 404: problem('No article has this slug.'), ...stale, ...errorResponses }
    }
  }, async (request, reply) => {
    await writer.delete(request.params.slug, request.headers['if-match'])
    return reply.code(204).send(null)
  })

  app.get('/articles/:slug/revisions', {
    onRequest: app.requireScope('content:read'),
    schema: {
      tags: ['articles'],
      summary: 'List an article\'s revisions, newest first',
      security: read,
      params: ArticleParams,
      response: { 200: ok(RevisionListSchema, 'Every stored version.'), ...authResponses, 404: problem('No article has this slug.'), ...errorResponses }
    }
  }, async (request) => ({ data: await writer.revisions(request.params.slug) }))

  app.get('/articles/:slug/revisions/:version', {
    onRequest: app.requireScope('content:read'),
    schema: {
      tags: ['articles'],
      summary: 'Read one revision of an article',
      security: read,
      params: RevisionParams,
      response: { 200: ok(Type.Ref('Revision'), 'The article as it was.'), ...authResponses, 404: problem('No such article or revision.'), ...errorResponses }
    }
  }, async (request) => writer.revision(request.params.slug, request.params.version))

  app.post('/articles/:slug/revisions/:version/restore', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['articles'],
      summary: 'Restore a revision\'s content as a new version',
      description: 'Brings back the title, standfirst, body, dateline, byline, tags and comments setting; the status and publish time stay as they are.',
      security: write,
      params: RevisionParams,
      headers: IfMatchHeaders,
      response: { 200: article('The article, restored.'), ...authResponses, 404: problem('No such article or revision.'), ...stale, ...errorResponses }
    }
  }, async (request, reply) => {
    const restored = await writer.restore(request.params.slug, request.params.version, actor(request), request.headers['if-match'])
    reply.versionTag = articleVersionTag(restored.version)
    return restored
  })
}

export default articleWrites
