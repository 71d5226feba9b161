import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

// Per-client request limits, applied only to the routes that ask for one (public
// writes). The in-memory store is per process; behind several processes, each
// counts on its own.
export default fp(async function limits (app: FastifyInstance) {
  await app.register(rateLimit, { global: false })
}, { name: 'rate-limit' })
