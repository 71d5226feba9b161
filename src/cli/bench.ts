import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { migrate } from '../db/migrate.js'
import { PrismaClient } from '../generated/prisma/client.js'
import { ArticleService } from '../services/articles.js'
import { EntityService } from '../services/entities.js'
import { QuoteService } from '../services/quotes.js'

// npm run bench [-- --seconds 5 --connections 4]
// Compares list, filter and search latency on a small corpus (1,000 articles) and a
// large one (100,000 articles, 2,000 entities, 200,000 quotes), generating them in
// data/bench/ the first time. The server runs as its own process on 127.0.0.1;
// autocannon loads each scenario for a bounded time. Then every scenario's SQL (as
// Prisma sends it) goes through EXPLAIN QUERY PLAN on the large corpus, and any
// full table scan is reported.

const root = fileURLToPath(new URL('../../', import.meta.url))
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? fallback : Math.max(1, Math.min(60, Number(process.argv[i + 1]) || fallback))
}
const seconds = arg('seconds', 5)
const connections = arg('connections', 4)

const corpora = [
  { name: '1k', file: path.join(root, 'data', 'bench', 'small.db'), args: ['--articles', '1000', '--entities', '2000', '--quotes', '2000'] },
  { name: '100k', file: path.join(root, 'data', 'bench', 'large.db'), args: ['--articles', '100000', '--entities', '2000', '--quotes', '200000'] }
]

function ensureCorpus (corpus: typeof corpora[number]): void {
  if (existsSync(corpus.file)) {
    migrate(`file:${corpus.file}`) // indexes added since it was generated
    return
  }
  console.log(`Generating the ${corpus.name} corpus in ${path.relative(root, corpus.file)} ...`)
  const run = spawnSync(process.execPath, [path.join(root, 'dist', 'cli', 'generate-corpus.js'), ...corpus.args], {
    env: { ...process.env, DATABASE_URL: `file:${corpus.file}` }, stdio: 'inherit'
  })
  if (run.status !== 0) throw new Error('corpus generation failed')
}

/** Values to query with, taken from the corpus (the same in both: entities and tags are generated first). */
function samples (file: string) {
  const db = new Database(file, { readonly: true })
  try {
    const entity = db.prepare(`SELECT e.slug, e.name FROM "Entity" e WHERE e.kind = 'leader' ORDER BY e.slug LIMIT 1 OFFSET 7`).get() as { slug: string, name: string }
    const other = db.prepare(`SELECT e.slug FROM "Entity" e WHERE e.kind = 'country' ORDER BY e.slug LIMIT 1 OFFSET 3`).get() as { slug: string }
    const tag = db.prepare('SELECT slug FROM "Tag" ORDER BY slug LIMIT 1 OFFSET 5').get() as { slug: string }
    return { entity: entity.slug, word: entity.name.split(' ')[0], country: other.slug, tag: tag.slug }
  } finally {
    db.close()
  }
}

type Sample = ReturnType<typeof samples>
interface Scenario { name: string, path: (s: Sample) => string, query: (s: Sample) => Record<string, unknown>, service: 'articles' | 'entities' | 'quotes' }

const scenarios: Scenario[] = [
  { name: 'articles, newest 20', service: 'articles', path: () => '/v1/articles?limit=20', query: () => ({ limit: 20 }) },
  { name: 'articles, include=entities,quotes', service: 'articles', path: () => '/v1/articles?limit=20&include=entities,quotes', query: () => ({ limit: 20, include: 'entities,quotes' }) },
  { name: 'articles, sort=title', service: 'articles', path: () => '/v1/articles?sort=title', query: () => ({ sort: 'title' }) },
  { name: 'articles, filter[entity]', service: 'articles', path: s => `/v1/articles?filter[entity]=${s.entity}`, query: s => ({ 'filter[entity]': [s.entity] }) },
  { name: 'articles, filter[entity] + count', service: 'articles', path: s => `/v1/articles?filter[entity]=${s.entity}&count=true`, query: s => ({ 'filter[entity]': [s.entity], count: true }) },
  { name: 'articles, filter[tag] + publishedAt range', service: 'articles', path: s => `/v1/articles?filter[tag]=${s.tag}&filter[publishedAt][gte]=2022-01-01&filter[publishedAt][lt]=2023-01-01`, query: s => ({ 'filter[tag]': [s.tag], 'filter[publishedAt][gte]': '2022-01-01', 'filter[publishedAt][lt]': '2023-01-01' }) },
  { name: 'articles, q=<entity name>', service: 'articles', path: s => `/v1/articles?q=${encodeURIComponent(s.word)}`, query: s => ({ q: s.word }) },
  { name: 'entities, filter[kind]=leader', service: 'entities', path: () => '/v1/entities?filter[kind]=leader', query: () => ({ 'filter[kind]': 'leader' }) },
  { name: 'entities, filter[country]', service: 'entities', path: s => `/v1/entities?filter[country]=${s.country}`, query: s => ({ 'filter[country]': s.country }) },
  { name: 'entities, q=<name>', service: 'entities', path: s => `/v1/entities?q=${encodeURIComponent(s.word)}`, query: s => ({ q: s.word }) },
  { name: 'quotes, newest 20', service: 'quotes', path: () => '/v1/quotes', query: () => ({}) },
  { name: 'quotes, filter[speaker]', service: 'quotes', path: s => `/v1/quotes?filter[speaker]=${s.entity}`, query: s => ({ 'filter[speaker]': s.entity }) },
  { name: 'quotes, q=<words>', service: 'quotes', path: () => '/v1/quotes?q=ceasefire%20treaty', query: () => ({ q: 'ceasefire treaty' }) }
]

async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')))
    })
  })
}

async function startServer (file: string): Promise<{ base: string, child: ChildProcess }> {
  const port = await freePort()
  const child = spawn(process.execPath, [path.join(root, 'dist', 'server.js')], {
    env: { ...process.env, DATABASE_URL: `file:${file}`, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', SEED_ON_START: 'never' },
    stdio: ['ignore', 'inherit', 'inherit']
  })
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/ready`)).ok) return { base, child }
    } catch {}
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  child.kill()
  throw new Error('the server did not become ready')
}

async function measure (base: string, url: string): Promise<{ p50: number, p99: number, rps: number }> {
  const check = await fetch(base + url)
  if (!check.ok) throw new Error(`${url} answered ${check.status}: ${await check.text()}`)
  const result = await autocannon({ url: base + url, connections, duration: seconds })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average }
}

/** EXPLAIN QUERY PLAN of every statement Prisma sends for a scenario; returns the full scans found. */
async function explain (file: string, sample: Sample): Promise<Array<{ scenario: string, plan: string[], sql: string }>> {
  const statements: Array<{ sql: string, params: unknown[] }> = []
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}` }), log: [{ emit: 'event', level: 'query' }] })
  client.$on('query', e => { statements.push({ sql: e.query, params: JSON.parse(e.params) as unknown[] }) })
  const services = { articles: new ArticleService(client), entities: new EntityService(client), quotes: new QuoteService(client) }
  const db = new Database(file, { readonly: true })
  const report: Array<{ scenario: string, plan: string[], sql: string }> = []
  try {
    for (const scenario of scenarios) {
      statements.length = 0
      const query = scenario.query(sample)
      if (scenario.service === 'articles') await services.articles.listPublic(query, '/')
      else if (scenario.service === 'entities') await services.entities.list(query, '/')
      else await services.quotes.list(query, '/')
      for (const statement of statements) {
        const params = statement.params.map(p => typeof p === 'boolean' ? Number(p) : p)
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...params) as Array<{ detail: string }>).map(r => r.detail)
        report.push({ scenario: scenario.name, plan, sql: statement.sql })
      }
    }
  } finally {
    db.close()
    await client.$disconnect()
  }
  return report
}

// A scan of a whole table is what breaks at scale. Walks of an index in sort order
// (stopped by LIMIT), FTS index scans, and scans of the small Tag table (tens of
// rows, so SQLite rightly prefers them to index lookups) are not.
// A scan of a CO-ROUTINE (the page Prisma counts in a subquery) is not a table scan.
const fullScan = (detail: string, plan: string[]) => /^SCAN /.test(detail) && !/USING (COVERING )?INDEX|VIRTUAL TABLE/.test(detail) &&
  !/^SCAN (main\.)?Tag$/.test(detail) && !plan.includes(`CO-ROUTINE ${detail.slice(5)}`)

const results: Record<string, Record<string, { p50: number, p99: number, rps: number }>> = {}
for (const corpus of corpora) {
  ensureCorpus(corpus)
  const sample = samples(corpus.file)
  const { base, child } = await startServer(corpus.file)
  try {
    console.log(`\n${corpus.name} corpus: ${seconds} s per scenario, ${connections} connections`)
    results[corpus.name] = {}
    for (const scenario of scenarios) {
      const r = await measure(base, scenario.path(sample))
      results[corpus.name][scenario.name] = r
      console.log(`  ${scenario.name.padEnd(44)} p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms  ${Math.round(r.rps)} req/s`)
    }
  } finally {
    // A benchmark target holds nothing to flush: stop it at once, before the next starts.
    const exited = new Promise(resolve => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
}

console.log('\nlatency at 100k articles / latency at 1k (p50; 1.0 = as fast)')
console.log(`  ${'scenario'.padEnd(44)} ${'1k p50'.padStart(7)} ${'100k p50'.padStart(9)} ${'ratio'.padStart(6)} ${'req/s ratio'.padStart(12)}`)
for (const scenario of scenarios) {
  const small = results['1k'][scenario.name]
  const large = results['100k'][scenario.name]
  const ratio = large.p50 / Math.max(small.p50, 0.5)
  console.log(`  ${scenario.name.padEnd(44)} ${String(small.p50).padStart(7)} ${String(large.p50).padStart(9)} ${ratio.toFixed(2).padStart(6)} ${(small.rps / large.rps).toFixed(2).padStart(12)}`)
}

const large = corpora[1]
const plans = await explain(large.file, samples(large.file))
const scans = plans.filter(p => p.plan.some(detail => fullScan(detail, p.plan)))
console.log(`\nEXPLAIN QUERY PLAN on the 100k corpus: ${plans.length} statements in ${scenarios.length} scenarios`)
for (const p of plans) console.log(`  [${p.scenario}] ${p.plan.join(' | ')}`)
if (scans.length > 0) {
  console.log(`\n${scans.length} statement(s) scan a whole table:`)
  for (const s of scans) console.log(`  [${s.scenario}] ${s.plan.join(' | ')}\n    ${s.sql}`)
  process.exitCode = 1
} else {
  console.log('\nNo statement scans a whole table.')
}
