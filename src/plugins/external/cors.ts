import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

// Frontends on other origins call the API from browsers. Tokens travel in the
// Authorization header, never in cookies, so no credentials mode is needed.
export default fp(async function corsPlugin (app: FastifyInstance, options: { origins: string }) {
  const list = options.origins.split(',').map(o => o.trim()).filter(Boolean)
  await app.register(cors, {
    origin: list.includes('*') ? '*' : list,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    // X-Reader-Key: likes from a frontend; Idempotency-Key: retried POSTs from scripts in a browser.
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'If-None-Match', 'X-Reader-Key', 'X-Request-Id'],
    // What @fastify/rate-limit sends on public writes, so a frontend can back off before a 429.
    exposedHeaders: ['ETag', 'Link', 'Location', 'Retry-After', 'X-Request-Id', 'WWW-Authenticate',
      'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
    maxAge: 600
  })
}, { name: 'cors' })
