import { loadConfig } from '../config.js'
import { migrate } from '../db/migrate.js'

// npm run db:migrate: applies pending migrations to DATABASE_URL.
const config = loadConfig()
const applied = await migrate(config)
console.log(applied.length > 0 ? `Applied ${applied.join(', ')}` : 'The database is up to date.')
