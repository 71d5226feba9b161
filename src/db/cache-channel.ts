import { randomUUID } from 'node:crypto'
import pg, { type PoolConfig } from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from './client.js'

/** The PostgreSQL channel on which a process tells the others that committed data changed. */
export const cacheChannel = 'dateline_cache'

const reconnectMs = 1000

/**
 * Tells every other process on the same PostgreSQL database that data changed, and
 * hears them do it. `announce` runs inside the writing transaction, so the others
 * hear of a change only once it has committed (NOTIFY is delivered at commit) and
 * never of one that rolled back. Listening holds one connection of its own, outside
 * the pool. A notification can be lost while the connection is down, so `changed`
 * is also called on every (re)connect and loss, and `listening` says whether the
 * process hears the others right now (a cache must not serve when it cannot).
 */
export class CacheChannel {
  /** This process, so it does not clear its cache again on its own notifications. */
  readonly instance = randomUUID()
  #client: pg.Client | null = null
  #listening = false
  #closed = false
  #timer: NodeJS.Timeout | null = null

  constructor (
    private readonly config: PoolConfig,
    private readonly changed: () => void,
    private readonly log: FastifyBaseLogger
  ) {}

  get listening (): boolean {
    return this.#listening
  }

  /** Notifies the other processes; call inside the writing transaction (or after a commit). */
  async announce (db: Db): Promise<void> {
    await db.$executeRaw`SELECT pg_notify(${cacheChannel}, ${this.instance})`
  }

  async start (): Promise<void> {
    const { max: _max, ...config } = this.config
    const client = new pg.Client(config)
    this.#client = client
    client.on('notification', message => {
      if (message.channel === cacheChannel && message.payload !== this.instance) this.changed()
    })
    client.on('error', error => { this.#lost(client, error) })
    client.on('end', () => { this.#lost(client) })
    try {
      await client.connect()
      await client.query(`LISTEN ${cacheChannel}`)
    } catch (error) {
      this.#lost(client, error)
      return
    }
    if (this.#client !== client) return
    this.#listening = true
    // Whatever was announced while this process was not listening is unknown.
    this.changed()
  }

  async close (): Promise<void> {
    this.#closed = true
    this.#listening = false
    if (this.#timer) clearTimeout(this.#timer)
    const client = this.#client
    this.#client = null
    if (client) await client.end().catch(() => {})
  }

  #lost (client: pg.Client, error?: unknown): void {
    if (this.#client !== client) return
    this.#client = null
    this.#listening = false
    this.changed()
    client.removeAllListeners('notification')
    client.end().catch(() => {})
    if (this.#closed) return
    this.log.warn({ err: error }, 'cache invalidation channel lost; the response cache is bypassed until it is back')
    this.#timer = setTimeout(() => { this.#timer = null; void this.start() }, reconnectMs)
    this.#timer.unref()
  }
}
