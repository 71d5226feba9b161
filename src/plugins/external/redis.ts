import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'

declare module 'fastify' {
  interface FastifyInstance {
    /** The Redis client when REDIS_URL is set: rate limits and the comment flood window are then shared by every process. */
    redis: Redis | null
  }
}

/** REDIS_URL without its password, for a message. */
function where (url: string): string {
  const parsed = new URL(url)
  return `${parsed.hostname}:${parsed.port || '6379'}`
}

// One Redis connection for the process when REDIS_URL is set, connected at start (a
// wrong URL stops the process naming it), closed with the app. Short timeouts and one
// retry per command: a limit check must not hold a request for long.
export default fp(async function redis (app: FastifyInstance, options: { url: string | null }) {
  if (options.url === null) {
    app.decorate('redis', null)
    return
  }
  const client = new Redis(options.url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 1 })
  client.on('error', error => app.log.warn({ err: error }, 'Redis connection error'))
  try {
    await client.connect()
  } catch (error) {
    client.disconnect()
    throw new Error(`Cannot reach Redis at ${where(options.url)} (REDIS_URL): ${(error as Error).message}`)
  }
  app.decorate('redis', client)
  app.addHook('onClose', async () => { await client.quit().catch(() => client.disconnect()) })
}, { name: 'redis' })
