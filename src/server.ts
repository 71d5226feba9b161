import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'
import { orExitOnDatabaseError } from './db/startup-errors.js'

// The process: reads the config, builds the app, listens, and closes cleanly on
// SIGINT/SIGTERM (finishing requests in flight, closing the database).
const config = loadConfig()
// A database that cannot be reached at start is one line on stderr and exit code 1.
const app = await orExitOnDatabaseError(config.databaseUrl, () => buildApp(config))

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'closing after an error')
  else app.log.info({ signal }, 'closing')
  await app.close()
})

try {
  await app.listen({ port: config.port, host: config.host })
} catch (err) {
  app.log.error({ err }, 'could not listen')
  process.exit(1)
}
