import { loadConfig } from '../config.js'
import { migrate } from '../db/migrate.js'
import { orExitOnDatabaseError } from '../db/startup-errors.js'

// npm run db:migrate: applies pending migrations to DATABASE_URL.
const config = loadConfig()
const applied = await orExitOnDatabaseError(config.databaseUrl, () => migrate(config))
console.log(applied.length > 0 ? `Applied ${applied.join(', ')}` : 'The database is up to date.')
