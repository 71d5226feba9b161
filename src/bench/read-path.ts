import { spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'

// The read path side by side (issue 13): the same article read, list of 20 and 304
// revalidation against Dateline with its response cache on, with it off, a naive
// Prisma server on the same file, and the ceiling (a minimal Fastify server sending
// Dateline's exact bytes). Each server is its own process; its CPU time and RSS are
// read from /proc (Linux), so every server is measured the same way.

export interface Server { base: string, child: ChildProcess }
/** Starts `script` (a file under dist/) with `env` on a free port, ready once `readyPath` answers. */
export type StartServer = (script: string, env: Record<string, string>, readyPath: string) => Promise<Server>

export interface ReadMeasure {
  rps: number
  p50: number
  p99: number
  /** Transport errors plus answers with another status than the scenario expects. */
  errors: number
  requests: number
  /** Server CPU (user + system) per answered request, in ms; null where /proc is missing. */
  cpuMsPerRequest: number | null
  /** Server resident memory after the run, in MB. */
  rssMb: number | null
}

export const servers = ['dateline, cache on', 'dateline, cache off', 'naive prisma', 'ceiling'] as const
export const readScenarios = ['article (fixed slug, entities+quotes)', 'articles, list of 20', '304 revalidation of the article'] as const
export type ReadResults = Record<string, Record<string, ReadMeasure>>

const ticksPerSecond = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100

function processStats (pid: number | undefined): { cpuMs: number, rssMb: number } | null {
  if (pid === undefined) return null
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces): state is the 3rd field, utime the 14th, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const cpuMs = (Number(fields[11]) + Number(fields[12])) * 1000 / ticksPerSecond
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return { cpuMs, rssMb: rss ? Number(rss[1]) / 1024 : NaN }
  } catch {
    return null
  }
}

async function load (server: Server, url: string, expected: number, headers: Record<string, string>, connections: number, seconds: number): Promise<ReadMeasure> {
  const check = await fetch(server.base + url, { headers })
  if (check.status !== expected) throw new Error(`${url} answered ${check.status}, not ${expected} (etag ${check.headers.get('etag')}, asked ${JSON.stringify(headers)}): ${(await check.text()).slice(0, 400)}`)
  const before = processStats(server.child.pid)
  const result = await autocannon({ url: server.base + url, connections, duration: seconds, headers })
  const after = processStats(server.child.pid)
  const answered = result.statusCodeStats?.[String(expected)]?.count ?? 0
  const requests = result.requests.total
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + Math.max(0, requests - answered),
    requests,
    cpuMsPerRequest: before && after && requests > 0 ? (after.cpuMs - before.cpuMs) / requests : null,
    rssMb: after?.rssMb ?? null
  }
}

async function stop (server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return
  const exited = new Promise(resolve => server.child.once('exit', resolve))
  server.child.kill('SIGKILL')
  await exited
}

export async function compareReadPath (options: { databaseUrl: string, start: StartServer, connections: number, seconds: number }): Promise<ReadResults> {
  const { databaseUrl, start, connections, seconds } = options
  const results: ReadResults = {}
  const dateline = (cache: 'on' | 'off') => start('server.js', { DATABASE_URL: databaseUrl, RESPONSE_CACHE: cache }, '/ready')

  // The fixed article is the newest public one; the ceiling gets the exact answers Dateline gives.
  let urls = { article: '', list: '/v1/articles?limit=20' }
  const off = await dateline('off')
  try {
    const newest = await (await fetch(`${off.base}/v1/articles?limit=1`)).json() as { data: Array<{ slug: string }> }
    urls = { ...urls, article: `/v1/articles/${newest.data[0].slug}?include=entities,quotes` }
  } catch (error) {
    await stop(off)
    throw error
  }
  const answers = []
  for (const url of [urls.article, urls.list]) {
    const res = await fetch(off.base + url)
    answers.push({ url, body: await res.text(), contentType: res.headers.get('content-type') ?? 'application/json', etag: res.headers.get('etag') ?? '' })
  }
  const answersFile = path.join(tmpdir(), `dateline-ceiling-${process.pid}.json`)
  writeFileSync(answersFile, JSON.stringify(answers))
  const etag = answers[0].etag

  const runs: Array<{ name: typeof servers[number], server: () => Promise<Server>, revalidates: boolean }> = [
    { name: 'dateline, cache on', server: () => dateline('on'), revalidates: true },
    { name: 'dateline, cache off', server: async () => off, revalidates: true },
    { name: 'naive prisma', server: () => start('bench/naive-server.js', { DATABASE_URL: databaseUrl }, urls.list), revalidates: false },
    { name: 'ceiling', server: () => start('bench/ceiling-server.js', { CEILING_ANSWERS: answersFile }, urls.list), revalidates: true }
  ]
  try {
    for (const run of runs) {
      const server = await run.server()
      try {
        const measured: Record<string, ReadMeasure> = {}
        measured[readScenarios[0]] = await load(server, urls.article, 200, {}, connections, seconds)
        measured[readScenarios[1]] = await load(server, urls.list, 200, {}, connections, seconds)
        if (run.revalidates) measured[readScenarios[2]] = await load(server, urls.article, 304, { 'if-none-match': etag }, connections, seconds)
        results[run.name] = measured
      } finally {
        await stop(server)
      }
    }
  } finally {
    await stop(off)
  }
  return results
}

const fixed = (value: number | null | undefined, digits: number, width: number) =>
  (value === null || value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits)).padStart(width)

/** The comparison as a table, with the ratios under it. */
export function readPathTable (results: ReadResults): string {
  const lines = [`  ${'scenario'.padEnd(38)} ${'server'.padEnd(20)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(7)} ${'CPU ms/req'.padStart(11)} ${'RSS MB'.padStart(7)}`]
  for (const scenario of readScenarios) {
    for (const server of servers) {
      const r = results[server]?.[scenario]
      if (!r) continue
      lines.push(`  ${scenario.padEnd(38)} ${server.padEnd(20)} ${fixed(r.rps, 0, 8)} ${fixed(r.p50, 0, 7)} ${fixed(r.p99, 0, 7)} ${String(r.errors).padStart(7)} ${fixed(r.cpuMsPerRequest, 3, 11)} ${fixed(r.rssMb, 0, 7)}`)
    }
  }
  const ratio = (a: string, b: string, scenario: string) => {
    const x = results[a]?.[scenario]?.rps
    const y = results[b]?.[scenario]?.rps
    return x && y ? (x / y).toFixed(2) : '-'
  }
  lines.push('', '  ratios of req/s (issue 13 targets in brackets)')
  lines.push(`  cache on / ceiling:    article ${ratio(servers[0], servers[3], readScenarios[0])} [>= 0.70], list ${ratio(servers[0], servers[3], readScenarios[1])} [>= 0.60], 304 ${ratio(servers[0], servers[3], readScenarios[2])} [>= 0.90]`)
  lines.push(`  cache off / naive:     article ${ratio(servers[1], servers[2], readScenarios[0])} [>= 3], list ${ratio(servers[1], servers[2], readScenarios[1])} [>= 1]`)
  return lines.join('\n')
}
