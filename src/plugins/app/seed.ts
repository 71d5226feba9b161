import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { importBundle, readBundleFile } from '../../services/bundle.js'

export const seedFile = fileURLToPath(new URL('../../../prisma/seed/summit-story.json', import.meta.url))

// Loads the summit story into an empty database, so a fresh clone serves content.
export default fp(async function seed (app: FastifyInstance, options: { when: 'if-empty' | 'never' }) {
  if (options.when === 'never') return
  // Under a lock: instances starting together on one database would otherwise all
  // find it empty and all import.
  await app.dialect.withLock('dateline:seed', async () => {
    if (await app.prisma.article.count() > 0 || await app.prisma.entity.count() > 0) return
    const report = await importBundle(app.writeDoor, await readBundleFile(seedFile), { actor: 'seed' })
    app.log.info({ articles: report.articles.created, entities: report.entities.created, quotes: report.quotes.created }, 'seeded the summit story')
  })
}, { name: 'seed', dependencies: ['prisma'] })
