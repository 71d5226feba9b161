import { randomUUID } from 'node:crypto'

// The synthetic, reproducible news corpus behind `npm run db:generate-corpus` and
// `npm run bench`: entities with aliases (some with diacritics), tagged articles that
// mention them, quotes, and readers' comments and likes. Rows come out as plain values in insertion order (every
// row after the rows it references), so each database only needs a writer
// (corpus-sqlite.ts, corpus-postgresql.ts) and both get the same rows from the
// same seed. Ids are random UUIDs, as the app makes them; everything else follows
// the seed.

export interface CorpusCounts { articles: number, entities: number, quotes: number, tags: number, comments: number, likes: number }

/** A column value; each writer turns dates and booleans into what its database stores. */
export type Value = string | number | boolean | Date | null

/** The columns written per table, in insertion order (every table after those it references). */
export const corpusTables = {
  Entity: ['id', 'slug', 'kind', 'name', 'summary', 'isoCode', 'office', 'countryId', 'createdAt', 'updatedAt'],
  EntityAlias: ['id', 'entityId', 'name', 'kind'],
  Tag: ['id', 'slug', 'name'],
  Article: ['id', 'slug', 'title', 'standfirst', 'body', 'dateline', 'byline', 'status', 'publishedAt', 'commentsOpen', 'version', 'createdAt', 'updatedAt'],
  ArticleTag: ['articleId', 'tagId', 'position'],
  Mention: ['id', 'articleId', 'entityId', 'count', 'offsets', 'source', 'createdAt', 'updatedAt'],
  Quote: ['id', 'text', 'speakerId', 'articleId', 'context', 'position', 'verified', 'source', 'createdAt', 'updatedAt'],
  Comment: ['id', 'articleId', 'authorName', 'authorEmail', 'body', 'status', 'createdAt', 'updatedAt'],
  Like: ['id', 'articleId', 'readerHash', 'createdAt']
} as const

export type CorpusTable = keyof typeof corpusTables
export type CorpusRow = { [T in CorpusTable]: { table: T, values: Record<(typeof corpusTables)[T][number], Value> } }[CorpusTable]

/** A row's values in its table's column order. */
export function valuesOf (row: CorpusRow): Value[] {
  const values = row.values as Record<string, Value>
  return corpusTables[row.table].map(column => values[column])
}

/** mulberry32: a small seeded PRNG, so the same options make the same corpus. */
function seededRandom (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6D2B79F5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const syllables = ['al', 'ba', 'ce', 'dor', 'e', 'fa', 'gan', 'ha', 'ir', 'jo', 'ka', 'li', 'mo', 'na', 'ol', 'pe', 'qu', 'ra', 'sa', 'ti', 'u', 'vo', 'wa', 'ya', 'za', 'ğa', 'şi', 'ü', 'é', 'ñe']
const words = ('government minister summit ceasefire talks border trade sanctions election parliament army rebels refugees ' +
  'economy oil gas pipeline treaty alliance council court protest reform budget crisis aid humanitarian province capital ' +
  'coalition vote president spokesman agreement proposal offensive negotiation envoy security withdrawal troops market').split(' ')
const kinds = [['country', 0.1], ['leader', 0.4], ['group', 0.25], ['place', 0.15], ['organization', 0.1]] as const
const datelines = ['Tehran', 'Moscow', 'Ankara', 'Damascus', 'Geneva']

function slugOf (text: string, n: number): string {
  const base = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/ğ/g, 'g').replace(/ş/g, 's').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
  return `${base || 'x'}-${n}`
}

/**
 * The corpus's rows, in insertion order. The PRNG is drawn in a fixed order (which
 * every refactoring must keep, or the same seed makes another corpus): entities and
 * their aliases, then tags, then articles with their tags and mentions, then quotes,
 * then comments and likes.
 */
export function * corpusRows (counts: CorpusCounts, seed: number, now = Date.now()): Generator<CorpusRow> {
  const random = seededRandom(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
  const name = (parts: number): string => Array.from({ length: parts }, () => {
    const word = Array.from({ length: between(2, 3) }, () => pick(syllables)).join('')
    return word[0].toUpperCase() + word.slice(1)
  }).join(' ')
  const sentence = (extra: string[] = []) => {
    const list = Array.from({ length: between(8, 16) }, () => pick(words))
    for (const e of extra) list.splice(between(0, list.length), 0, e)
    const text = list.join(' ')
    return text[0].toUpperCase() + text.slice(1) + '.'
  }
  const created = new Date(now)

  const entities: Array<{ id: string, name: string, kind: string }> = []
  const countries: string[] = []
  for (let i = 0; i < counts.entities; i++) {
    let roll = random()
    const kind = kinds.find(([, share]) => (roll -= share) < 0)?.[0] ?? 'organization'
    const entityName = name(kind === 'leader' ? 2 : 1)
    const id = randomUUID()
    const countryId = kind !== 'country' && countries.length > 0 && random() < 0.7 ? pick(countries) : null
    yield {
      table: 'Entity',
      values: {
        id, slug: slugOf(entityName, i), kind, name: entityName, summary: `${entityName}, a ${kind}.`, isoCode: null,
        office: kind === 'leader' ? 'President' : null, countryId, createdAt: created, updatedAt: created
      }
    }
    if (kind === 'country') countries.push(id)
    const folded = entityName.normalize('NFD').replace(/\p{M}/gu, '')
    const aliases = new Set([folded, name(1)].filter(a => a !== entityName))
    for (const alias of aliases) yield { table: 'EntityAlias', values: { id: randomUUID(), entityId: id, name: alias, kind: 'alias' } }
    entities.push({ id, name: entityName, kind })
  }
  const leaders = entities.filter(e => e.kind === 'leader')

  const tags: string[] = []
  for (let i = 0; i < counts.tags; i++) {
    const id = randomUUID()
    const tagName = `${pick(words)} ${i}`
    yield { table: 'Tag', values: { id, slug: slugOf(tagName, i), name: tagName } }
    tags.push(id)
  }

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
    // A scheduled article is due between an hour and a month from now, never already: a
    // due one would be published by the first server's scheduler in the middle of a run.
    const offset = Math.floor(random() * eightYears)
    const published = new Date(status === 'scheduled' ? now + 3_600_000 + Math.floor(offset / 96) : now - offset)
    const updated = new Date(published.getTime() + Math.floor(random() * 86_400_000))
    // Property order is evaluation order: standfirst draws from the PRNG before dateline.
    yield {
      table: 'Article',
      values: {
        id, slug: slugOf(title.split(' ').slice(0, 6).join(' '), i), title, standfirst: sentence(), body, dateline: pick(datelines),
        byline: 'Staff', status, publishedAt: status === 'draft' ? null : published, commentsOpen: true, version: 1, createdAt: published, updatedAt: updated
      }
    }
    const tagged = new Set(tags.length > 0 ? [pick(tags), pick(tags)] : [])
    let position = 0
    for (const tagId of tagged) yield { table: 'ArticleTag', values: { articleId: id, tagId, position: position++ } }
    for (const entity of mentioned) {
      yield {
        table: 'Mention',
        values: { id: randomUUID(), articleId: id, entityId: entity.id, count: between(1, 4), offsets: '[]', source: 'automatic', createdAt: published, updatedAt: published }
      }
    }
    articleIds.push(id)
  }

  for (let i = 0; i < counts.quotes && articleIds.length > 0; i++) {
    const at = new Date(now - Math.floor(random() * eightYears))
    yield {
      table: 'Quote',
      values: {
        id: randomUUID(), text: `${sentence()} (${i})`, speakerId: leaders.length > 0 ? pick(leaders).id : null, articleId: articleIds[i % articleIds.length],
        context: null, position: null, verified: random() < 0.5, source: 'editorial', createdAt: at, updatedAt: at
      }
    }
  }

  // Every comment and like stays in the tables however old: article lists count
  // them per page, and must not cost more as they pile up.
  const statuses = ['approved', 'approved', 'approved', 'approved', 'approved', 'approved', 'approved', 'approved', 'pending', 'spam']
  for (let i = 0; i < counts.comments && articleIds.length > 0; i++) {
    const at = new Date(now - Math.floor(random() * eightYears))
    yield {
      table: 'Comment',
      values: {
        id: randomUUID(), articleId: pick(articleIds), authorName: `Reader ${i % 5000}`, authorEmail: `reader${i % 5000}@example.org`,
        body: sentence(), status: pick(statuses), createdAt: at, updatedAt: at
      }
    }
  }
  for (let i = 0; i < counts.likes && articleIds.length > 0; i++) {
    yield { table: 'Like', values: { id: randomUUID(), articleId: pick(articleIds), readerHash: `reader-${i}`, createdAt: created } }
  }
}
