import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.js'
import { createPrismaClient } from '../db/client.js'
import { migrate } from '../db/migrate.js'
import { orExitOnDatabaseError } from '../db/startup-errors.js'
import { exportBundle } from '../services/export.js'

// npm run export [-- --out bundle.json]: the published corpus as a content bundle,
// as GET /v1/export gives it; to stdout without --out.
const { values } = parseArgs({ options: { out: { type: 'string' } } })
const config = loadConfig()
await orExitOnDatabaseError(config.databaseUrl, () => migrate(config))
const prisma = createPrismaClient(config)
try {
  const bundle = await orExitOnDatabaseError(config.databaseUrl, () => exportBundle(prisma))
  const json = JSON.stringify(bundle, null, 2) + '\n'
  if (values.out) {
    writeFileSync(values.out, json)
    console.error(`Wrote ${bundle.articles?.length ?? 0} articles, ${bundle.entities?.length ?? 0} entities, ${bundle.relations?.length ?? 0} relations and ${bundle.quotes?.length ?? 0} quotes to ${values.out}`)
  } else {
    process.stdout.write(json)
  }
} finally {
  await prisma.$disconnect()
}
