import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import { loadConfig } from '../config.js'
import { sqliteFile } from '../db/client.js'
import { migrate } from '../db/migrate.js'

// npm run db:generate-corpus -- [--articles N] [--entities N] [--quotes N] [--seed N]
// Fills DATABASE_URL (an empty database) with a synthetic, reproducible news corpus
// for benchmarks: entities with aliases (some with diacritics), tagged articles that
// mention them, and quotes. Rows go in through prepared statements in one
// transaction; the search index fills itself through the migration's triggers.

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

const counts = { articles: option('articles', 100_000), entities: option('entities', 2_000), quotes: option('quotes', 200_000) }

// mulberry32: a small seeded PRNG, so the same options make the same corpus.
let state = option('seed', 42) >>> 0
function random (): number {
  state = (state + 0x6D2B79F5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))

const syllables = ['al', 'ba', 'ce', 'dor', 'e', 'fa', 'gan', 'ha', 'ir', 'jo', 'ka', 'li', 'mo', 'na', 'ol', 'pe', 'qu', 'ra', 'sa', 'ti', 'u', 'vo', 'wa', 'ya', 'za', 'ğa', 'şi', 'ü', 'é', 'ñe']
const words = ('government minister summit ceasefire talks border trade sanctions election parliament army rebels refugees ' +
  'economy oil gas pipeline treaty alliance council court protest reform budget crisis aid humanitarian province capital ' +
  'coalition vote president spokesman agreement proposal offensive negotiation envoy security withdrawal troops market').split(' ')
const kinds = [['country', 0.1], ['leader', 0.4], ['group', 0.25], ['place', 0.15], ['organization', 0.1]] as const

function name (parts: number): string {
  return Array.from({ length: parts }, () => {
    const word = Array.from({ length: between(2, 3) }, () => pick(syllables)).join('')
    return word[0].toUpperCase() + word.slice(1)
  }).join(' ')
}

function slugOf (text: string, n: number): string {
  const base = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/ğ/g, 'g').replace(/ş/g, 's').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
  return `${base || 'x'}-${n}`
}

const sentence = (extra: string[] = []) => {
  const list = Array.from({ length: between(8, 16) }, () => pick(words))
  for (const e of extra) list.splice(between(0, list.length), 0, e)
  const text = list.join(' ')
  return text[0].toUpperCase() + text.slice(1) + '.'
}

// The adapter's own format for DateTime columns (see @prisma/adapter-better-sqlite3).
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00')

const config = loadConfig()
migrate(config.databaseUrl)
const db = new Database(sqliteFile(config.databaseUrl))
db.pragma('journal_mode = WAL')
db.pragma('synchronous = OFF')
if ((db.prepare('SELECT count(*) AS n FROM "Article"').get() as { n: number }).n > 0) {
  console.error(`${config.databaseUrl} already holds articles; give an empty DATABASE_URL.`)
  process.exit(1)
}

const started = Date.now()
const insert = {
  entity: db.prepare('INSERT INTO "Entity" (id, slug, kind, name, summary, isoCode, office, countryId, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
  alias: db.prepare('INSERT INTO "EntityAlias" (id, entityId, name, kind) VALUES (?, ?, ?, ?)'),
  tag: db.prepare('INSERT INTO "Tag" (id, slug, name) VALUES (?, ?, ?)'),
  article: db.prepare('INSERT INTO "Article" (id, slug, title, standfirst, body, dateline, byline, status, publishedAt, commentsOpen, version, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?)'),
  articleTag: db.prepare('INSERT INTO "ArticleTag" (articleId, tagId, position) VALUES (?, ?, ?)'),
  mention: db.prepare('INSERT INTO "Mention" (id, articleId, entityId, count, offsets, source, createdAt, updatedAt) VALUES (?, ?, ?, ?, \'[]\', \'automatic\', ?, ?)'),
  quote: db.prepare('INSERT INTO "Quote" (id, text, speakerId, articleId, context, position, verified, source, createdAt, updatedAt) VALUES (?, ?, ?, ?, NULL, NULL, ?, \'editorial\', ?, ?)')
}

db.transaction(() => {
  const now = Date.now()
  const entities: Array<{ id: string, name: string, kind: string }> = []
  const countries: string[] = []
  for (let i = 0; i < counts.entities; i++) {
    let roll = random()
    const kind = kinds.find(([, share]) => (roll -= share) < 0)?.[0] ?? 'organization'
    const entityName = name(kind === 'leader' ? 2 : 1)
    const id = randomUUID()
    const countryId = kind !== 'country' && countries.length > 0 && random() < 0.7 ? pick(countries) : null
    insert.entity.run(id, slugOf(entityName, i), kind, entityName, `${entityName}, a ${kind}.`, null, kind === 'leader' ? 'President' : null, countryId, iso(now), iso(now))
    if (kind === 'country') countries.push(id)
    const folded = entityName.normalize('NFD').replace(/\p{M}/gu, '')
    const aliases = new Set([folded, name(1)].filter(a => a !== entityName))
    for (const alias of aliases) insert.alias.run(randomUUID(), id, alias, 'alias')
    entities.push({ id, name: entityName, kind })
  }
  const leaders = entities.filter(e => e.kind === 'leader')
  const tags = Array.from({ length: 60 }, (_, i) => {
    const id = randomUUID()
    const tagName = `${pick(words)} ${i}`
    insert.tag.run(id, slugOf(tagName, i), tagName)
    return id
  })

  const articleIds: string[] = []
  const eightYears = 8 * 365 * 24 * 3600 * 1000
  for (let i = 0; i < counts.articles; i++) {
    const id = randomUUID()
    const mentioned = new Set<(typeof entities)[number]>()
    while (mentioned.size < Math.min(3, entities.length)) mentioned.add(pick(entities))
    const names = [...mentioned].map(e => e.name)
    const title = sentence([names[0]]).slice(0, 120)
    const body = Array.from({ length: 6 }, () => sentence(random() < 0.5 ? names : [pick(names)])).join(' ')
    const roll = random()
    const status = roll < 0.94 ? 'published' : roll < 0.97 ? 'draft' : 'scheduled'
    const published = now - Math.floor(random() * eightYears) + (status === 'scheduled' ? eightYears / 8 : 0)
    const updated = published + Math.floor(random() * 86_400_000)
    insert.article.run(id, slugOf(title.split(' ').slice(0, 6).join(' '), i), title, sentence(), body, pick(['Tehran', 'Moscow', 'Ankara', 'Damascus', 'Geneva']), 'Staff',
      status, status === 'draft' ? null : iso(published), iso(published), iso(updated))
    const tagged = new Set([pick(tags), pick(tags)])
    let position = 0
    for (const tagId of tagged) insert.articleTag.run(id, tagId, position++)
    for (const entity of mentioned) insert.mention.run(randomUUID(), id, entity.id, between(1, 4), iso(published), iso(published))
    articleIds.push(id)
  }

  for (let i = 0; i < counts.quotes && articleIds.length > 0; i++) {
    const articleId = articleIds[i % articleIds.length]
    const at = now - Math.floor(random() * eightYears)
    insert.quote.run(randomUUID(), `${sentence()} (${i})`, leaders.length > 0 ? pick(leaders).id : null, articleId, random() < 0.5 ? 1 : 0, iso(at), iso(at))
  }
})()
// Fresh statistics, as a long-running database gathers with PRAGMA optimize.
db.exec('ANALYZE')
db.close()
console.log(`Generated ${counts.entities} entities, ${counts.articles} articles and ${counts.quotes} quotes in ${config.databaseUrl} (${((Date.now() - started) / 1000).toFixed(1)} s).`)
