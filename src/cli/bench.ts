import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { createPrismaClient } from '../db/client.js'
import { migrate } from '../db/migrate.js'
import { searchFor } from '../services/search.js'
import { hasArticles } from '../bench/corpus-database.js'
import { postgresqlTarget } from '../bench/postgresql.js'
import { samples, scenarioStatements, scenarios, type Sample } from '../bench/scenarios.js'
import { sqliteTarget } from '../bench/sqlite.js'

// npm run bench [-- --seconds 5 --connections 4 --database postgresql://user@host:5432]
// Compares list, filter and search latency on a small corpus (1,000 articles) and a
// large one (100,000 articles, 2,000 entities, 200,000 quotes), generating them the
// first time: in data/bench/ (SQLite), or with --database, in the databases
// dateline_bench_small and dateline_bench_large on that PostgreSQL server (created
// if missing). The server runs as its own process on 127.0.0.1; autocannon loads
// each scenario (src/bench/scenarios.ts) for a bounded time. Then every scenario's
// SQL (as Prisma sends it) is explained on the large corpus, and any full scan of a
// large table is reported.

const root = fileURLToPath(new URL('../../', import.meta.url))
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? fallback : Math.max(1, Math.min(60, Number(process.argv[i + 1]) || fallback))
}
const seconds = arg('seconds', 5)
const connections = arg('connections', 4)
const databaseAt = process.argv.indexOf('--database')
const serverUrl = databaseAt < 0 ? undefined : process.argv[databaseAt + 1] ?? ''
if (serverUrl !== undefined && !/^postgres(ql)?:\/\//.test(serverUrl)) {
  console.error('--database needs a postgresql:// URL of the server to create the benchmark databases on')
  process.exit(2)
}
const target = serverUrl !== undefined ? postgresqlTarget(serverUrl) : sqliteTarget(root)

const corpora = [
  { name: '1k', database: await target.corpusDatabase('small'), args: ['--articles', '1000', '--entities', '2000', '--quotes', '2000'] },
  { name: '100k', database: await target.corpusDatabase('large'), args: ['--articles', '100000', '--entities', '2000', '--quotes', '200000'] }
]

async function ensureCorpus (corpus: typeof corpora[number]): Promise<void> {
  await migrate(corpus.database.url) // indexes added since it was generated
  if (await hasArticles({ databaseUrl: corpus.database.url })) return
  console.log(`Generating the ${corpus.name} corpus in ${corpus.database.label} ...`)
  const run = spawnSync(process.execPath, [path.join(root, 'dist', 'cli', 'generate-corpus.js'), ...corpus.args], {
    env: { ...process.env, DATABASE_URL: corpus.database.url }, stdio: 'inherit'
  })
  if (run.status !== 0) throw new Error('corpus generation failed')
}

async function sampleOf (databaseUrl: string): Promise<Sample> {
  const prisma = createPrismaClient(databaseUrl)
  try {
    return await samples(prisma)
  } finally {
    await prisma.$disconnect()
  }
}

async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')))
    })
  })
}

async function startServer (databaseUrl: string): Promise<{ base: string, child: ChildProcess }> {
  const port = await freePort()
  const child = spawn(process.execPath, [path.join(root, 'dist', 'server.js')], {
    env: { ...process.env, ...target.serverEnv, DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', SEED_ON_START: 'never' },
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

interface Measure { p50: number, p99: number, rps: number, items: number }

async function measure (base: string, url: string): Promise<Measure> {
  const check = await fetch(base + url)
  if (!check.ok) throw new Error(`${url} answered ${check.status}: ${await check.text()}`)
  const { data } = await check.json() as { data: unknown[] }
  const result = await autocannon({ url: base + url, connections, duration: seconds })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, items: data.length }
}

const results: Record<string, Record<string, Measure>> = {}
for (const corpus of corpora) {
  await ensureCorpus(corpus)
  const sample = await sampleOf(corpus.database.url)
  const { base, child } = await startServer(corpus.database.url)
  try {
    console.log(`\n${corpus.name} corpus (${corpus.database.label}): ${seconds} s per scenario, ${connections} connections`)
    results[corpus.name] = {}
    for (const scenario of scenarios) {
      const r = await measure(base, scenario.path(sample))
      results[corpus.name][scenario.name] = r
      console.log(`  ${scenario.name.padEnd(44)} p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms  ${String(Math.round(r.rps)).padStart(4)} req/s  ${r.items} items`)
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
// A filter that matches a few rows in the small corpus fills a whole page in the large
// one: those ratios compare page sizes as much as corpus sizes.
const unequal = scenarios.filter(s => results['1k'][s.name].items !== results['100k'][s.name].items)
if (unequal.length > 0) {
  console.log(`  Pages differ in size (items at 1k -> 100k): ${unequal.map(s => `${s.name} (${results['1k'][s.name].items} -> ${results['100k'][s.name].items})`).join(', ')}`)
}

const large = corpora[1].database.url
const prisma = createPrismaClient(large, undefined, [{ emit: 'event', level: 'query' }])
const statements = await scenarioStatements(prisma, searchFor(target.kind), await sampleOf(large)).finally(() => prisma.$disconnect())
const plans = await target.explain(large, statements)
const scans = plans.filter(p => p.scans.length > 0)
console.log(`\n${target.explainMethod} on the 100k corpus: ${plans.length} statements in ${scenarios.length} scenarios`)
for (const p of plans) console.log(`  [${p.scenario}] ${p.summary}`)
if (scans.length > 0) {
  console.log(`\n${scans.length} statement(s) scan a whole table:`)
  for (const s of scans) console.log(`  [${s.scenario}] ${s.plan}\n    ${s.sql}`)
  process.exitCode = 1
} else {
  console.log('\nNo statement scans a whole table.')
}
