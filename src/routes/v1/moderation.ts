import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  BulkStatusBody, BulkStatusResultSchema, CommentParams, ModeratedCommentListSchema, ModerationQueueQuery, moderatedCommentList,
  PrivacyEraseSchema, PrivacyExportSchema, PrivacyRequestBody, UpdateCommentBody
} from '../../schemas/comment.js'
import { errorResponses, ok, problem } from '../../schemas/common.js'
import { parseListQuery } from '../../services/list-query.js'
import { sendPage } from '../page.js'
import { authResponses } from './tokens.js'

const moderate = [{ bearerAuth: ['comments:moderate'] }]
const admin = [{ bearerAuth: ['admin'] }]
const noComment = problem('No comment has this id.')

// The comment queue for moderators, and the privacy requests (export, erase) for admins.
const moderation: FastifyPluginAsyncTypebox = async (app) => {
  const moderator = (request: { principal: { name: string } | null }) => request.principal?.name ?? 'a moderator'

  app.get('/comments', {
    onRequest: app.requireScope('comments:moderate'),
    schema: {
      tags: ['moderation'],
      summary: 'The moderation queue: comments of every status',
      description: 'The list grammar (the same on every list): `filter[field]` and `filter[field][op]` on the parameters below (status, article slug, parent comment, creation time), `sort` (newest first unless `sort=createdAt`), `limit` and `cursor`, `count=true` and `fields`. No full-text `q` on comments. Nothing private (email, IP hash) can be filtered, sorted or selected: any other parameter is a 400 naming it.',
      security: moderate,
      querystring: ModerationQueueQuery,
      response: { 200: ok(ModeratedCommentListSchema, 'A page of comments.'), ...authResponses, ...errorResponses }
    }
  }, async (request, reply) => sendPage(request, reply, await app.moderation.queue(parseListQuery(moderatedCommentList, request.query))))

  app.get('/comments/:id', {
    onRequest: app.requireScope('comments:moderate'),
    schema: {
      tags: ['moderation'],
      summary: 'Read a comment with its status and spam verdict',
      security: moderate,
      params: CommentParams,
      response: { 200: ok(Type.Ref('ModeratedComment'), 'The comment.'), ...authResponses, 404: noComment, ...errorResponses }
    }
  }, async (request) => app.moderation.get(request.params.id))

  app.patch('/comments/:id', {
    onRequest: app.requireScope('comments:moderate'),
    schema: {
      tags: ['moderation'],
      summary: 'Change a comment\'s status, or edit it',
      description: 'When Akismet is configured, marking a comment spam reports submit-spam and approving a spam comment reports submit-ham. Every status change is recorded in `spamCheck.reasons`.',
      security: moderate,
      params: CommentParams,
      body: UpdateCommentBody,
      response: { 200: ok(Type.Ref('ModeratedComment'), 'The comment as it is now.'), ...authResponses, 404: noComment, ...errorResponses }
    }
  }, async (request) => app.moderation.update(request.params.id, request.body, moderator(request)))

  app.patch('/comments', {
    onRequest: app.requireScope('comments:moderate'),
    schema: {
      tags: ['moderation'],
      summary: 'Change the status of many comments at once',
      security: moderate,
      body: BulkStatusBody,
      response: { 200: ok(BulkStatusResultSchema, 'What changed.'), ...authResponses, ...errorResponses }
    }
  }, async (request) => app.moderation.setStatus(request.body.ids, request.body.status, moderator(request)))

  app.delete('/comments/:id', {
    onRequest: app.requireScope('comments:moderate'),
    schema: {
      tags: ['moderation'],
      summary: 'Delete a comment for good, with its replies',
      description: 'To hide a comment but keep it, set its status to `trash` instead.',
      security: moderate,
      params: CommentParams,
      response: { 204: { description: 'Deleted.', type: 'null' }, ...authResponses, 404: noComment, ...errorResponses }
    }
  }, async (request, reply) => {
    await app.moderation.remove(request.params.id)
    return reply.code(204).send(null)
  })

  app.post('/privacy/comments/export', {
    onRequest: app.requireScope('admin'),
    schema: {
      tags: ['privacy'],
      summary: 'Export every comment made with an email address',
      description: 'The email travels in the body, never in the URL, so it stays out of access logs.',
      security: admin,
      body: PrivacyRequestBody,
      response: { 200: ok(PrivacyExportSchema, 'The comments, oldest first.'), ...authResponses, ...errorResponses }
    }
  }, async (request) => app.privacy.export(request.body.email))

  app.post('/privacy/comments/erase', {
    onRequest: app.requireScope('admin'),
    schema: {
      tags: ['privacy'],
      summary: 'Erase every comment made with an email address',
      description: 'Deletes the comments; one that others replied to is anonymized instead (author, email, website, IP hash and text erased), so the replies stay in place.',
      security: admin,
      body: PrivacyRequestBody,
      response: { 200: ok(PrivacyEraseSchema, 'What was erased.'), ...authResponses, ...errorResponses }
    }
  }, async (request) => app.privacy.erase(request.body.email))
}

export default moderation
