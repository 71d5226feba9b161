import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

// Per-client request limits, applied only to the routes that ask for one (public
// writes). Without REDIS_URL the counts are kept in memory, per process; with it they
// live in Redis and every process shares them. If Redis stops answering, requests are
// let through (and logged) rather than refused.
export default fp(async function limits (app: FastifyInstance) {
  await app.register(rateLimit, {
    global: false,
    ...(app.redis ? { redis: app.redis, nameSpace: 'dateline-rate-limit-', skipOnError: true } : {})
  })
}, { name: 'rate-limit', dependencies: ['redis'] })
