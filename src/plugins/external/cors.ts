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
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'X-Request-Id'],
    exposedHeaders: ['ETag', 'Link', 'Location', 'Retry-After', 'X-Request-Id', 'WWW-Authenticate'],
    maxAge: 600
  })
}, { name: 'cors' })
