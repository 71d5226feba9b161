import { loadConfig } from '../config.js'
import { migrate } from '../db/migrate.js'
import { corpusRows } from '../bench/corpus.js'
import { hasArticles, writeCorpus } from '../bench/corpus-database.js'
import { printableUrl } from '../bench/corpus-postgresql.js'

// npm run db:generate-corpus -- [--articles N] [--entities N] [--quotes N] [--tags N] [--comments N] [--likes N] [--seed N]
// Fills DATABASE_URL (SQLite or PostgreSQL, migrated here, holding no articles yet)
// with the synthetic corpus of src/bench/corpus.ts, for benchmarks. The same options
// make the same rows on either database.

function option (name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  if (i < 0) return fallback
  const value = Number(process.argv[i + 1])
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} needs a whole number`)
    process.exit(2)
  }
  return value
}

const counts = {
  articles: option('articles', 100_000),
  entities: option('entities', 2_000),
  quotes: option('quotes', 200_000),
  tags: option('tags', 60),
  comments: option('comments', 300_000),
  likes: option('likes', 300_000)
}
const rows = corpusRows(counts, option('seed', 42))

const config = loadConfig()
await migrate(config)
if (await hasArticles(config)) {
  console.error(`${printableUrl(config.databaseUrl)} already holds articles; give an empty DATABASE_URL.`)
  process.exit(1)
}

const started = Date.now()
await writeCorpus(config, rows)
console.log(`Generated ${counts.entities} entities, ${counts.articles} articles, ${counts.quotes} quotes, ${counts.comments} comments and ${counts.likes} likes in ${printableUrl(config.databaseUrl)} (${((Date.now() - started) / 1000).toFixed(1)} s).`)
