// Prisma CLI configuration. The JS schema engine with a driver adapter is the only
// setup whose migrate commands work offline (see ../shared/PRISMA-OFFLINE.md).
import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter () {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? 'file:./data/dateline.db' })
  }
})
