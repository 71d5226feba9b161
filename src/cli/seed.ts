import { loadConfig } from '../config.js'
import { createPrismaClient } from '../db/client.js'
import { migrate } from '../db/migrate.js'
import { orExitOnDatabaseError } from '../db/startup-errors.js'
import { seedFile } from '../plugins/app/seed.js'
import { importBundle, readBundleFile } from '../services/bundle.js'
import { writeDoorFor } from '../services/compose.js'

// npm run db:seed [-- bundle.json]: applies the summit story (or another bundle) to
// DATABASE_URL. Safe to run again: unchanged records are not written.
const config = loadConfig()
await orExitOnDatabaseError(config.databaseUrl, () => migrate(config))
const prisma = createPrismaClient(config)
try {
  const report = await importBundle(writeDoorFor(prisma, config), await readBundleFile(process.argv[2] ?? seedFile), { actor: 'cli' })
  for (const kind of ['entities', 'relations', 'articles', 'quotes', 'mentions', 'automaticQuotes'] as const) {
    const c = report[kind]
    console.log(`${kind.padEnd(16)} ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`)
  }
} finally {
  await prisma.$disconnect()
}
