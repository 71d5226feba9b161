import { loadConfig } from '../config.js'
import { createPrismaClient } from '../db/client.js'
import { migrate } from '../db/migrate.js'
import { UnitOfWork } from '../db/unit-of-work.js'
import { reanalyzeAll } from '../services/reanalysis.js'

// npm run reanalyze: analyses every article in DATABASE_URL again against the current
// registry (after a bulk entity import, say). Editors' mentions and quotes are kept.
const config = loadConfig()
await migrate(config)
const prisma = createPrismaClient(config)
try {
  const total = await reanalyzeAll(prisma, new UnitOfWork(prisma), (done, all) => { if (done % 500 === 0) console.log(`${done}/${all}`) })
  console.log(`${total} articles analysed again`)
} finally {
  await prisma.$disconnect()
}
