import { Type, type Static } from 'typebox'
import { Id, Nullable, PageQuery, Timestamp, listOf } from './common.js'
import { eventPattern } from '../services/webhooks/events.js'

// Webhook subscriptions and their deliveries. The signing secret appears only in the
// answers that make or rotate it (CreatedWebhook), never in a read.

const Events = Type.Array(Type.String({ pattern: eventPattern, maxLength: 100 }), {
  minItems: 1,
  maxItems: 100,
  uniqueItems: true,
  description: 'Event types to receive: `article.published`, `article.*` for every article event, or `*` for all.'
})
const Url = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000, description: 'Where deliveries are POSTed. Must resolve to a public address (or a host in WEBHOOK_ALLOWED_HOSTS).' })
const Description = Nullable(Type.String({ minLength: 1, maxLength: 500 }))

export const WebhookSchema = Type.Object({
  id: Id,
  url: Type.String(),
  events: Type.Array(Type.String()),
  description: Nullable(Type.String()),
  active: Type.Boolean({ description: 'An inactive webhook receives nothing; events it would have matched meanwhile are not kept for it.' }),
  createdAt: Timestamp,
  updatedAt: Timestamp
}, { $id: 'Webhook', title: 'Webhook' })
export type Webhook = Static<typeof WebhookSchema>

export const CreatedWebhookSchema = Type.Object({
  ...WebhookSchema.properties,
  secret: Type.String({ description: 'The signing secret (`whsec_` + base64), for the Standard Webhooks libraries. Shown only in this answer.' })
}, { title: 'CreatedWebhook' })

export const WebhookWriteBody = Type.Object({
  url: Url,
  events: Events,
  description: Type.Optional(Description)
}, { additionalProperties: false, title: 'WebhookWrite', examples: [{ url: 'https://hooks.example/dateline', events: ['article.published', 'comment.*'], description: 'Push to the app' }] })
export type WebhookWrite = Static<typeof WebhookWriteBody>

export const WebhookPatchBody = Type.Object({
  url: Type.Optional(Url),
  events: Type.Optional(Events),
  description: Type.Optional(Description),
  active: Type.Optional(Type.Boolean())
}, { additionalProperties: false, minProperties: 1, title: 'WebhookPatch', examples: [{ active: false }] })
export type WebhookPatch = Static<typeof WebhookPatchBody>

export const WebhookParams = Type.Object({ id: Id }, { additionalProperties: false })
export const DeliveryParams = Type.Object({ id: Id, deliveryId: Id }, { additionalProperties: false })
export const WebhookListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false })
export const WebhookListSchema = listOf(Type.Ref('Webhook'), 'WebhookList')

export const AttemptSchema = Type.Object({
  statusCode: Nullable(Type.Integer({ description: 'The receiver\'s HTTP status; null when none came (timeout, refused address, connection error).' })),
  durationMs: Type.Integer(),
  error: Nullable(Type.String()),
  response: Nullable(Type.String({ description: 'The first kilobyte of the answer, at most.' })),
  createdAt: Timestamp
}, { title: 'WebhookAttempt' })

export const DeliverySchema = Type.Object({
  id: Id,
  type: Type.String({ description: 'The event type. The delivery id is the `webhook-id` header, the same on every retry.' }),
  status: Type.Enum(['pending', 'succeeded', 'failed']),
  nextAttemptAt: Nullable(Timestamp),
  attempts: Type.Array(AttemptSchema, { description: 'Every attempt, oldest first.' }),
  createdAt: Timestamp
}, { $id: 'WebhookDelivery', title: 'WebhookDelivery' })
export type Delivery = Static<typeof DeliverySchema>

export const DeliveryListSchema = listOf(Type.Ref('WebhookDelivery'), 'WebhookDeliveryList')
