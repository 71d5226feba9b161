import pg from 'pg'
import { pgPoolConfig } from '../db/client.js'
import { printableUrl } from './corpus-postgresql.js'
import type { BenchTarget, PlannedStatement } from './target.js'

// The benchmark on PostgreSQL: one database per corpus (dateline_bench_1k_v3,
// dateline_bench_100k_v3) on the server `npm run bench -- --database <url>` names,
// plans from EXPLAIN (ANALYZE, BUFFERS), so each statement's real time is shown.

// The tables that grow with the content: a Seq Scan of one of them costs more with
// every article, quote or comment. Tag (60 rows), Entity, EntityAlias and
// entity_search (2,000 entities in both corpora, a few hundred kB) do not grow with
// articles, and there PostgreSQL rightly prefers reading the whole table to
// index lookups when a query needs many of its rows.
const largeTables = new Set(['Article', 'ArticleTag', 'ArticleRevision', 'Mention', 'Quote', 'Comment', 'Like', 'article_search', 'quote_search'])

/** The relation a plan line reads whole, if it is a Seq Scan of a large table. */
function largeSeqScan (line: string): string | undefined {
  const table = /Seq Scan on (?:"([^"]+)"|(\w+))/.exec(line)
  const name = table?.[1] ?? table?.[2]
  return name !== undefined && largeTables.has(name) ? name : undefined
}

/** A plan node on one line: `Index Scan using "x" on "Article" (rows=21)`, rows per loop as PostgreSQL counts them. */
function nodeSummary (line: string): string {
  const rows = /actual time=\S+ rows=(\d+) loops=(\d+)/.exec(line)
  const node = line.replace(/^\s*->\s*/, '').replace(/\s+\(cost=.*$/, '').trim()
  return rows ? `${node} (rows=${rows[1]}${rows[2] === '1' ? '' : ` loops=${rows[2]}`})` : node
}

/** The large tables that hold no rows in this corpus. */
async function emptyTables (client: pg.Client): Promise<Set<string>> {
  const empty = new Set<string>()
  for (const table of largeTables) {
    if ((await client.query(`SELECT 1 FROM "${table}" LIMIT 1`)).rowCount === 0) empty.add(table)
  }
  return empty
}

function databaseUrlOn (serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${database}`
  return url.toString()
}

async function withClient<T> (databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(pgPoolConfig({ databaseUrl }))
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

export function postgresqlTarget (serverUrl: string): BenchTarget {
  return {
    kind: 'postgresql',
    async corpusDatabase (name) {
      const database = `dateline_bench_${name}`
      await withClient(serverUrl, async admin => {
        const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
        if (rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`)
      })
      const url = databaseUrlOn(serverUrl, database)
      return { url, label: printableUrl(url) }
    },
    // The server warns without one; any key does for a benchmark that sends no tokens.
    serverEnv: { TOKEN_SECRET: 'bench-token-secret-0123456789abcdef0123456789' },
    explainMethod: 'EXPLAIN (ANALYZE, BUFFERS)',
    async explain (databaseUrl, statements) {
      return await withClient(databaseUrl, async client => {
        // ANALYZE runs each statement: in a read-only transaction, rolled back.
        await client.query('BEGIN READ ONLY')
        const empty = await emptyTables(client)
        const planned: PlannedStatement[] = []
        for (const statement of statements) {
          const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params)
          const lines = rows.map(r => r['QUERY PLAN'])
          const nodes = lines.filter((line, i) => i === 0 || /^\s*->/.test(line))
          const time = lines.find(line => line.startsWith('Execution Time:'))?.replace('Execution Time: ', '') ?? '?'
          // A table the corpus leaves empty (Comment, Like) is rightly read whole, and its
          // plan says nothing about how the statement scales: noted, not judged.
          const seqScans = nodes.filter(line => largeSeqScan(line) !== undefined)
          const unjudged = seqScans.filter(line => empty.has(largeSeqScan(line)!))
          const scans = seqScans.filter(line => !unjudged.includes(line))
          const note = unjudged.length > 0 ? `  (${[...new Set(unjudged.map(largeSeqScan))].join(', ')}: empty in the corpus, not judged)` : ''
          planned.push({
            ...statement,
            summary: `${time.padStart(11)}  ${nodes.map(nodeSummary).join(' | ')}${note}`,
            plan: lines.join('\n    '),
            scans: scans.map(nodeSummary)
          })
        }
        await client.query('ROLLBACK')
        return planned
      })
    }
  }
}
