import { randomBytes } from 'node:crypto'
import type { Db } from '../../db/client.js'
import type { UnitOfWork } from '../../db/unit-of-work.js'
import { ProblemError, invalid, notFound } from '../../errors.js'
import type { Delivery, Webhook, WebhookPatch, WebhookWrite } from '../../schemas/webhook.js'
import { afterCursor, decodeCursor, mapPage, orderBy, toPage, type Page, type SortKey } from '../pagination.js'
import { unknownPattern } from './events.js'
import { TargetRefused, type WebhookTargets } from './targets.js'

// Webhook subscriptions: admin writes through the unit of work (each records a
// webhook.* change, never with the secret), and reads of their deliveries.

const newestFirst: SortKey[] = [
  { field: 'createdAt', direction: 'desc', type: 'date' },
  { field: 'id', direction: 'desc', type: 'string' }
]

interface WebhookRow { id: string, url: string, events: string, description: string | null, active: boolean, createdAt: Date, updatedAt: Date }

export function toWebhook (row: WebhookRow): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    description: row.description,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}

export function newSecret (): string {
  return `whsec_${randomBytes(24).toString('base64')}`
}

/** Called after a write that makes a delivery due now, so the worker need not wait for its next poll. */
export type Wake = () => void

export class WebhookService {
  wake: Wake = () => {}

  constructor (private readonly db: Db, private readonly unitOfWork: UnitOfWork, private readonly targets: WebhookTargets) {}

  async #checkInput (input: { url?: string, events?: string[] }): Promise<void> {
    const unknown = input.events && unknownPattern(input.events)
    if (unknown) throw invalid('body', '/events', `names an unknown event type "${unknown}"`)
    if (input.url !== undefined) {
      try {
        await this.targets.check(input.url)
      } catch (error) {
        if (error instanceof TargetRefused) throw invalid('body', '/url', error.message)
        throw error
      }
    }
  }

  async create (input: WebhookWrite): Promise<Webhook & { secret: string }> {
    // Outside the transaction: the URL check resolves the host name over the network.
    await this.#checkInput(input)
    const secret = newSecret()
    return this.unitOfWork.run(async (tx, changes) => {
      const row = await tx.webhook.create({ data: { url: input.url, events: JSON.stringify(input.events), description: input.description ?? null, secret } })
      const webhook = toWebhook(row)
      changes.record({ resource: 'webhook', id: row.id, event: 'created', data: webhook })
      return { ...webhook, secret }
    })
  }

  async list (query: { limit?: number, cursor?: string }): Promise<Page<Webhook>> {
    const limit = query.limit ?? 20
    const rows = await this.db.webhook.findMany({
      where: afterCursor(newestFirst, decodeCursor(query.cursor, newestFirst)),
      orderBy: orderBy(newestFirst),
      take: limit + 1
    })
    return mapPage(toPage(rows, limit, newestFirst), toWebhook)
  }

  async get (id: string): Promise<Webhook> {
    const row = await this.db.webhook.findUnique({ where: { id } })
    if (!row) throw notFound(`Webhook "${id}"`)
    return toWebhook(row)
  }

  async patch (id: string, input: WebhookPatch): Promise<Webhook> {
    await this.#checkInput(input)
    return this.unitOfWork.run(async (tx, changes) => {
      if (!await tx.webhook.findUnique({ where: { id }, select: { id: true } })) throw notFound(`Webhook "${id}"`)
      const row = await tx.webhook.update({
        where: { id },
        data: {
          ...(input.url !== undefined ? { url: input.url } : {}),
          ...(input.events !== undefined ? { events: JSON.stringify(input.events) } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.active !== undefined ? { active: input.active } : {})
        }
      })
      const webhook = toWebhook(row)
      changes.record({ resource: 'webhook', id, event: 'updated', data: webhook })
      return webhook
    })
  }

  async delete (id: string): Promise<void> {
    await this.unitOfWork.run(async (tx, changes) => {
      if (!await tx.webhook.findUnique({ where: { id }, select: { id: true } })) throw notFound(`Webhook "${id}"`)
      await tx.webhook.delete({ where: { id } })
      changes.record({ resource: 'webhook', id, event: 'deleted', data: { id } })
    })
  }

  /** A new secret at once; deliveries from now on are signed with it. */
  async rotateSecret (id: string): Promise<Webhook & { secret: string }> {
    const secret = newSecret()
    return this.unitOfWork.run(async (tx, changes) => {
      if (!await tx.webhook.findUnique({ where: { id }, select: { id: true } })) throw notFound(`Webhook "${id}"`)
      const webhook = toWebhook(await tx.webhook.update({ where: { id }, data: { secret } }))
      changes.record({ resource: 'webhook', id, event: 'secret_rotated', data: webhook })
      return { ...webhook, secret }
    })
  }

  /** Queues a webhook.test delivery to this webhook alone, whatever its filter. */
  async test (id: string): Promise<Delivery> {
    const delivery = await this.unitOfWork.run(async (tx, changes) => {
      const webhook = await tx.webhook.findUnique({ where: { id }, select: { id: true } })
      if (!webhook) throw notFound(`Webhook "${id}"`)
      const timestamp = new Date()
      const payload = JSON.stringify({ type: 'webhook.test', timestamp: timestamp.toISOString(), data: { webhook: id } })
      const row = await tx.webhookDelivery.create({ data: { webhookId: id, type: 'webhook.test', payload, nextAttemptAt: timestamp }, include: { tries: true } })
      changes.record({ resource: 'webhook', id, event: 'tested', data: { id, delivery: row.id } })
      return toDelivery(row)
    })
    this.wake()
    return delivery
  }

  async deliveries (id: string, query: { limit?: number, cursor?: string }): Promise<Page<Delivery>> {
    if (!await this.db.webhook.findUnique({ where: { id }, select: { id: true } })) throw notFound(`Webhook "${id}"`)
    const limit = query.limit ?? 20
    const rows = await this.db.webhookDelivery.findMany({
      where: { AND: [{ webhookId: id }, afterCursor(newestFirst, decodeCursor(query.cursor, newestFirst))] },
      orderBy: orderBy(newestFirst),
      take: limit + 1,
      include: { tries: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }
    })
    return mapPage(toPage(rows, limit, newestFirst), toDelivery)
  }

  /** Sends one delivery again, with the same webhook-id and a fresh set of attempts. */
  async redeliver (id: string, deliveryId: string): Promise<Delivery> {
    const delivery = await this.unitOfWork.run(async (tx, changes) => {
      const existing = await tx.webhookDelivery.findFirst({ where: { id: deliveryId, webhookId: id }, select: { id: true, status: true } })
      if (!existing) throw notFound(`Delivery "${deliveryId}" of webhook "${id}"`)
      // A pending delivery may be in flight right now: sending it again too would race it.
      if (existing.status === 'pending') throw new ProblemError(409, `Delivery "${deliveryId}" is still pending; it can be sent again once it has succeeded or failed.`)
      const row = await tx.webhookDelivery.update({
        where: { id: deliveryId },
        data: { status: 'pending', attempts: 0, nextAttemptAt: new Date(), lockedUntil: null },
        include: { tries: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }
      })
      changes.record({ resource: 'webhook', id, event: 'redelivered', data: { id, delivery: deliveryId } })
      return toDelivery(row)
    })
    this.wake()
    return delivery
  }
}

interface DeliveryRow {
  id: string, type: string, status: string, nextAttemptAt: Date, createdAt: Date,
  tries: Array<{ statusCode: number | null, durationMs: number, error: string | null, response: string | null, createdAt: Date }>
}

function toDelivery (row: DeliveryRow): Delivery {
  return {
    id: row.id,
    type: row.type,
    status: row.status as Delivery['status'],
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    attempts: row.tries.map(a => ({ statusCode: a.statusCode, durationMs: a.durationMs, error: a.error, response: a.response, createdAt: a.createdAt.toISOString() })),
    createdAt: row.createdAt.toISOString()
  }
}
