import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createPrismaClient, type PrismaClient } from '../../db/client.js'
import { migrate } from '../../db/migrate.js'

declare module 'fastify' {
  interface FastifyInstance {
    prisma: PrismaClient
  }
}

// The one database client: migrated on start when configured, closed with the app.
export default fp(async function prisma (app: FastifyInstance, options: { databaseUrl: string, migrate: boolean }) {
  if (options.migrate) {
    const applied = migrate(options.databaseUrl)
    if (applied.length > 0) app.log.info({ migrations: applied }, 'applied database migrations')
  }
  const client = createPrismaClient(options.databaseUrl)
  await client.$connect()
  app.decorate('prisma', client)
  app.addHook('onClose', async () => { await client.$disconnect() })
}, { name: 'prisma' })
