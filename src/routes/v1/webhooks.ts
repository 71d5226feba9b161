import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorResponses, ok, problem } from '../../schemas/common.js'
import { CreatedWebhookSchema, DeliveryListSchema, DeliveryParams, WebhookListQuery, WebhookListSchema, WebhookParams, WebhookPatchBody, WebhookWriteBody } from '../../schemas/webhook.js'
import { sendPage } from '../page.js'
import { authResponses } from './tokens.js'

const admin = [{ bearerAuth: ['admin'] }]
const noWebhook = problem('No webhook has this id.')
const tags = ['webhooks']

// Webhook subscriptions (admin scope). Deliveries are POSTs of { type, timestamp, data },
// signed as Standard Webhooks say (webhook-id, webhook-timestamp, webhook-signature).
const webhooks: FastifyPluginAsyncTypebox = async (app) => {
  const onRequest = app.requireScope('admin')

  app.post('/webhooks', {
    onRequest,
    schema: {
      tags,
      summary: 'Subscribe a URL to events',
      description: 'The answer holds the signing secret, once. The URL must resolve to a public address (400 naming `url` otherwise); unknown event types are a 400 naming `events`.',
      security: admin,
      body: WebhookWriteBody,
      response: { 201: ok(CreatedWebhookSchema, 'The webhook, with its secret.'), ...authResponses, ...errorResponses }
    }
  }, async (request, reply) => {
    const created = await app.webhooks.create(request.body)
    return reply.code(201).header('location', `/v1/webhooks/${created.id}`).send(created)
  })

  app.get('/webhooks', {
    onRequest,
    schema: {
      tags,
      summary: 'List webhooks (never their secrets)',
      security: admin,
      querystring: WebhookListQuery,
      response: { 200: ok(WebhookListSchema, 'A page of webhooks, newest first.'), ...authResponses, ...errorResponses }
    }
  }, async (request, reply) => sendPage(request, reply, await app.webhooks.list(request.query)))

  app.get('/webhooks/:id', {
    onRequest,
    schema: {
      tags,
      summary: 'Read a webhook',
      security: admin,
      params: WebhookParams,
      response: { 200: ok(Type.Ref('Webhook'), 'The webhook.'), ...authResponses, 404: noWebhook, ...errorResponses }
    }
  }, async (request) => app.webhooks.get(request.params.id))

  app.patch('/webhooks/:id', {
    onRequest,
    schema: {
      tags,
      summary: 'Change a webhook',
      description: 'Only the fields sent change. `active: false` pauses it: events meanwhile are not kept for it.',
      security: admin,
      params: WebhookParams,
      body: WebhookPatchBody,
      response: { 200: ok(Type.Ref('Webhook'), 'The changed webhook.'), ...authResponses, 404: noWebhook, ...errorResponses }
    }
  }, async (request) => app.webhooks.patch(request.params.id, request.body))

  app.delete('/webhooks/:id', {
    onRequest,
    schema: {
      tags,
      summary: 'Delete a webhook and its deliveries',
      security: admin,
      params: WebhookParams,
      response: { 204: { description: 'Deleted.', type: 'null' }, ...authResponses, 404: noWebhook, ...errorResponses }
    }
  }, async (request, reply) => {
    await app.webhooks.delete(request.params.id)
    return reply.code(204).send(null)
  })

  app.post('/webhooks/:id/secret', {
    onRequest,
    schema: {
      tags,
      summary: 'Rotate a webhook\'s signing secret',
      description: 'The new secret signs every delivery from now on, retries included; the answer shows it once.',
      security: admin,
      params: WebhookParams,
      response: { 200: ok(CreatedWebhookSchema, 'The webhook, with its new secret.'), ...authResponses, 404: noWebhook, ...errorResponses }
    }
  }, async (request) => app.webhooks.rotateSecret(request.params.id))

  app.post('/webhooks/:id/test', {
    onRequest,
    schema: {
      tags,
      summary: 'Send a webhook.test event to this webhook',
      description: 'Queued at once, whatever the webhook\'s event filter; follow it in the deliveries.',
      security: admin,
      params: WebhookParams,
      response: { 202: ok(Type.Ref('WebhookDelivery'), 'The queued delivery.'), ...authResponses, 404: noWebhook, ...errorResponses }
    }
  }, async (request, reply) => reply.code(202).send(await app.webhooks.test(request.params.id)))

  app.get('/webhooks/:id/deliveries', {
    onRequest,
    schema: {
      tags,
      summary: 'List a webhook\'s deliveries, each with its attempts',
      security: admin,
      params: WebhookParams,
      querystring: WebhookListQuery,
      response: { 200: ok(DeliveryListSchema, 'A page of deliveries, newest first.'), ...authResponses, 404: noWebhook, ...errorResponses }
    }
  }, async (request, reply) => sendPage(request, reply, await app.webhooks.deliveries(request.params.id, request.query)))

  app.post('/webhooks/:id/deliveries/:deliveryId/redeliver', {
    onRequest,
    schema: {
      tags,
      summary: 'Send a delivery again',
      description: 'Same webhook-id and body, a fresh set of attempts, signed with the current secret.',
      security: admin,
      params: DeliveryParams,
      response: { 202: ok(Type.Ref('WebhookDelivery'), 'The delivery, queued again.'), ...authResponses, 404: problem('No such webhook, or no such delivery of it.'), 409: problem('The delivery is still pending.'), ...errorResponses }
    }
  }, async (request, reply) => reply.code(202).send(await app.webhooks.redeliver(request.params.id, request.params.deliveryId)))
}

export default webhooks
