import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

// Security headers on every answer. The content security policy is left to Swagger
// UI (its plugin sends one for its own pages); a JSON answer runs no script.
// Cross-origin resource policy is relaxed because public content is meant to be
// read from other origins.
export default fp(async function helmetPlugin (app: FastifyInstance) {
  await app.register(helmet, {
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' }
  })
}, { name: 'helmet' })
