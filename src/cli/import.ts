import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { loadConfig } from '../config.js'
import { createPrismaClient } from '../db/client.js'
import { migrate } from '../db/migrate.js'
import { databaseStartupProblem, orExitOnDatabaseError } from '../db/startup-errors.js'
import { ProblemError } from '../errors.js'
import { ImportAborted, importBundle, readBundleFile } from '../services/bundle.js'
import { writeDoorFor } from '../services/compose.js'

// npm run import -- bundle.json [--dry-run]: applies a content bundle to DATABASE_URL
// all or nothing, as POST /v1/import does, with a progress bar (on a terminal) for
// large bundles.
const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, actor: { type: 'string' } } })
if (positionals.length !== 1) {
  console.error('Usage: npm run import -- <bundle.json> [--dry-run] [--actor <name>]')
  process.exit(2)
}

const config = loadConfig()
await orExitOnDatabaseError(config.databaseUrl, () => migrate(config))
const prisma = createPrismaClient(config)
// SIGTERM or Ctrl-C stops the import between records: it rolls back, nothing is written.
const stop = new AbortController()
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => { stop.abort() })
const started = Date.now()
let bar: cliProgress.SingleBar | undefined
try {
  const bundle = await readBundleFile(positionals[0])
  const records = (bundle.articles?.length ?? 0) + (bundle.entities?.length ?? 0) + (bundle.quotes?.length ?? 0) + (bundle.relations?.length ?? 0)
  if (records >= 500) {
    bar = new cliProgress.SingleBar({ stream: process.stderr, format: 'importing [{bar}] {percentage}% | {value}/{total} steps | {eta_formatted} left' }, cliProgress.Presets.shades_classic)
  }
  const report = await importBundle(writeDoorFor(prisma, config), bundle, {
    actor: values.actor ?? 'cli',
    dryRun: values['dry-run'] ?? false,
    signal: stop.signal,
    onProgress: bar && ((done, total) => { if (done === 1) bar!.start(total, 0); bar!.update(done) })
  })
  bar?.stop()
  if (report.dryRun) console.log('Dry run: nothing was written. It would do this:')
  for (const kind of ['entities', 'relations', 'articles', 'quotes', 'mentions'] as const) {
    const c = report[kind]
    console.log(`${kind.padEnd(10)} ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`)
  }
  console.log(`in ${((Date.now() - started) / 1000).toFixed(1)} s`)
} catch (error) {
  bar?.stop()
  const unreachable = databaseStartupProblem(error, config.databaseUrl)
  if (unreachable !== null) {
    console.error(unreachable)
    process.exitCode = 1
  } else if (error instanceof ImportAborted) {
    console.error('Stopped: the import was rolled back, nothing was written.')
    process.exitCode = 1
  } else if (!(error instanceof ProblemError)) {
    throw error
  } else {
    console.error(error.message)
    for (const e of error.extras.errors ?? []) console.error(`  ${e.pointer || '/'} ${e.message}`)
    process.exitCode = 1
  }
} finally {
  await prisma.$disconnect()
}
