import type { FastifyBaseLogger } from 'fastify'
import { Webhook as Signer } from 'standardwebhooks'
import type { WebhookConfig } from '../../config.js'
import type { DatabaseKind, PrismaClient } from '../../db/client.js'
import { writeTransaction } from '../../db/unit-of-work.js'
import { Prisma } from '../../generated/prisma/client.js'
import { matches } from './events.js'
import { send, type AttemptResult } from './send.js'
import { TargetRefused, type WebhookTargets } from './targets.js'

// The delivery worker: fans committed outbox events out to one delivery per matching
// active subscription, then sends due deliveries, at least once each. On PostgreSQL
// several processes run it at once: rows are claimed with FOR UPDATE SKIP LOCKED, and a
// claimed delivery carries a lease (lockedUntil) longer than one attempt, so no two
// processes send it at the same time, and one that dies mid-attempt leaves it to be
// sent again when its lease runs out. SQLite has one writer, so plain reads suffice.

const batch = 50
const maxBackoffMs = 6 * 60 * 60 * 1000

/** Exponential backoff with jitter: the nth retry waits base * 2^(n-1), scaled by 0.5 to 1. */
export function backoff (baseMs: number, attempts: number, random = Math.random): number {
  const ceiling = Math.min(maxBackoffMs, baseMs * 2 ** Math.min(attempts - 1, 30))
  return Math.round(ceiling * (0.5 + random() * 0.5))
}

export class DeliveryWorker {
  #timer: NodeJS.Timeout | undefined
  #running: Promise<void> | undefined
  #again = false
  #stopped = true

  constructor (
    private readonly prisma: PrismaClient,
    private readonly kind: DatabaseKind,
    private readonly config: WebhookConfig,
    private readonly targets: WebhookTargets,
    private readonly log: FastifyBaseLogger
  ) {}

  start (): void {
    this.#stopped = false
    this.wake()
  }

  async stop (): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#running
  }

  /** Runs a pass now (or right after the one running), instead of at the next poll. */
  wake (): void {
    if (this.#stopped) return
    if (this.#running) { this.#again = true; return }
    clearTimeout(this.#timer)
    this.#running = this.#pass().finally(() => {
      this.#running = undefined
      if (this.#stopped) return
      if (this.#again) { this.#again = false; this.wake(); return }
      this.#timer = setTimeout(() => this.wake(), this.config.pollIntervalMs)
    })
  }

  async #pass (): Promise<void> {
    try {
      while (!this.#stopped && await this.dispatch() === batch) { /* more waiting */ }
      while (!this.#stopped && await this.deliverDue() === batch) { /* more due */ }
    } catch (error) {
      this.log.error({ err: error }, 'webhook worker pass failed; retrying at the next poll')
    }
  }

  /** Turns undispatched outbox events into deliveries; returns how many events it took. */
  async dispatch (): Promise<number> {
    return this.prisma.$transaction(async tx => {
      const ids = this.kind === 'postgresql'
        ? (await tx.$queryRaw<Array<{ id: number }>>`SELECT "id" FROM "OutboxEvent" WHERE "dispatchedAt" IS NULL ORDER BY "id" LIMIT ${batch} FOR UPDATE SKIP LOCKED`).map(r => Number(r.id))
        : (await tx.outboxEvent.findMany({ where: { dispatchedAt: null }, orderBy: { id: 'asc' }, take: batch, select: { id: true } })).map(r => r.id)
      if (ids.length === 0) return 0
      const events = await tx.outboxEvent.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } })
      const webhooks = (await tx.webhook.findMany({ where: { active: true }, select: { id: true, events: true } }))
        .map(w => ({ id: w.id, events: JSON.parse(w.events) as string[] }))
      const now = new Date()
      const deliveries = events.flatMap(event => {
        const type = `${event.resource}.${event.event}`
        const payload = JSON.stringify({ type, timestamp: event.createdAt.toISOString(), data: event.data === null ? { id: event.resourceId } : JSON.parse(event.data) })
        return webhooks.filter(w => matches(w.events, type)).map(w => ({ webhookId: w.id, eventId: event.id, type, payload, nextAttemptAt: now }))
      })
      if (deliveries.length > 0) await tx.webhookDelivery.createMany({ data: deliveries })
      await tx.outboxEvent.updateMany({ where: { id: { in: ids } }, data: { dispatchedAt: now } })
      return ids.length
    }, writeTransaction)
  }

  /** Claims due deliveries for one lease, so no other process sends them meanwhile. */
  async #claim (): Promise<string[]> {
    const now = new Date()
    const lease = new Date(now.getTime() + this.config.timeoutMs * 2 + 5_000)
    return this.prisma.$transaction(async tx => {
      let ids: string[]
      if (this.kind === 'postgresql') {
        // Timestamps go in as UTC text cast to timestamp, as Prisma stores them.
        const at = Prisma.sql`${now.toISOString()}::timestamp`
        ids = (await tx.$queryRaw<Array<{ id: string }>>`
          SELECT d."id" FROM "WebhookDelivery" d JOIN "Webhook" w ON w."id" = d."webhookId"
          WHERE d."status" = 'pending' AND d."nextAttemptAt" <= ${at} AND (d."lockedUntil" IS NULL OR d."lockedUntil" < ${at}) AND w."active"
          ORDER BY d."nextAttemptAt" LIMIT ${batch} FOR UPDATE OF d SKIP LOCKED`).map(r => r.id)
      } else {
        ids = (await tx.webhookDelivery.findMany({
          where: { status: 'pending', nextAttemptAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }], webhook: { active: true } },
          orderBy: { nextAttemptAt: 'asc' },
          take: batch,
          select: { id: true }
        })).map(r => r.id)
      }
      if (ids.length > 0) await tx.webhookDelivery.updateMany({ where: { id: { in: ids } }, data: { lockedUntil: lease } })
      return ids
    }, writeTransaction)
  }

  /** Sends every due delivery once; returns how many it claimed. */
  async deliverDue (): Promise<number> {
    const ids = await this.#claim()
    // One delivery's trouble (its webhook deleted meanwhile, say) is not the others'.
    await Promise.all(ids.map(id => this.#deliver(id).catch((error: unknown) => {
      this.log.warn({ err: error, delivery: id }, 'webhook delivery not recorded; it is retried when its lease ends')
    })))
    return ids.length
  }

  async #deliver (id: string): Promise<void> {
    const delivery = await this.prisma.webhookDelivery.findUnique({ where: { id }, include: { webhook: true } })
    if (!delivery) return
    const { webhook } = delivery
    const sentAt = new Date()
    const headers = {
      'webhook-id': delivery.id,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': new Signer(webhook.secret).sign(delivery.id, sentAt, delivery.payload)
    }
    let result: AttemptResult
    try {
      // Checked again at every delivery: the host may resolve elsewhere since it was subscribed.
      await this.targets.check(webhook.url)
      result = await send(webhook.url, delivery.payload, headers, this.targets.agentFor(webhook.url), this.config.timeoutMs)
    } catch (error) {
      if (!(error instanceof TargetRefused)) throw error
      result = { statusCode: null, durationMs: 0, error: `refused: the URL ${error.message}`, response: null }
    }
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300
    const attempts = delivery.attempts + 1
    const status = ok ? 'succeeded' : attempts >= this.config.maxAttempts ? 'failed' : 'pending'
    await this.prisma.$transaction([
      this.prisma.webhookAttempt.create({ data: { deliveryId: id, statusCode: result.statusCode, durationMs: result.durationMs, error: result.error, response: result.response, createdAt: sentAt } }),
      this.prisma.webhookDelivery.update({
        where: { id },
        data: { status, attempts, lockedUntil: null, ...(status === 'pending' ? { nextAttemptAt: new Date(Date.now() + backoff(this.config.backoffBaseMs, attempts)) } : {}) }
      })
    ])
    if (status === 'pending' && !this.#stopped) {
      // A retry due before the next poll would otherwise wait for it.
      const due = (await this.prisma.webhookDelivery.findUnique({ where: { id }, select: { nextAttemptAt: true } }))?.nextAttemptAt
      if (due && due.getTime() - Date.now() < this.config.pollIntervalMs) setTimeout(() => this.wake(), Math.max(0, due.getTime() - Date.now())).unref()
    }
    this.log.info({ webhook: webhook.id, delivery: id, type: delivery.type, statusCode: result.statusCode, status, attempt: attempts }, 'webhook delivery attempt')
  }
}
