import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { compose, type Services } from '../../services/compose.js'

declare module 'fastify' {
  // Every service, built once by services/compose.ts: app.articles, app.unitOfWork
  // (the one door for writes), app.articleWriter, app.tokens, app.comments, ...
  interface FastifyInstance extends Services {}
}

// Decorates the app with every reader and writer; routes call these and never build
// queries or services themselves.
export default fp(async function services (app: FastifyInstance, options: { secret: string }) {
  const services = compose({ prisma: app.prisma, databaseKind: app.dialect.kind, config: app.config, secret: options.secret, log: app.log, redis: app.redis })
  for (const [name, service] of Object.entries(services)) app.decorate(name, service as never)
}, { name: 'services', dependencies: ['prisma', 'redis'] })
