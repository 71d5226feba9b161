import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createPrismaClient, databaseKind, type DatabaseOptions, type PrismaClient } from '../../db/client.js'
import { createDialect, type Dialect } from '../../db/dialect.js'
import { migrate } from '../../db/migrate.js'

declare module 'fastify' {
  interface FastifyInstance {
    prisma: PrismaClient
    /** What differs between SQLite and PostgreSQL (matching, JSON, locks). */
    dialect: Dialect
  }
}

// The one database client, for the database DATABASE_URL names: migrated on start
// when configured (under an advisory lock on PostgreSQL), closed with the app.
export default fp(async function prisma (app: FastifyInstance, options: { database: DatabaseOptions, migrate: boolean }) {
  if (options.migrate) {
    const applied = await migrate(options.database)
    if (applied.length > 0) app.log.info({ migrations: applied }, 'applied database migrations')
  }
  // The pool drops a connection the server closed and opens another on the next query,
  // so the API recovers by itself when the database comes back.
  const client = createPrismaClient(options.database, error => app.log.warn({ err: error }, 'database connection lost'))
  await client.$connect()
  app.decorate('prisma', client)
  app.decorate('dialect', createDialect(options.database))
  app.log.debug({ database: databaseKind(options.database.databaseUrl) }, 'database client ready')
  app.addHook('onClose', async () => { await client.$disconnect() })
}, { name: 'prisma' })
