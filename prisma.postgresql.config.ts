// Prisma CLI configuration for the PostgreSQL schema derived from ../schema.prisma.
// `npx prisma ... --config prisma.postgresql.config.ts`. The app applies the
// migrations itself (src/db/migrate.ts); see ../shared/PRISMA-OFFLINE.md.
import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { PrismaPg } from '@prisma/adapter-pg'

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'postgresql', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'postgresql', 'migrations') },
  async adapter () {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' })
  }
})
