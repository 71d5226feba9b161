import t from 'tap'
import { createPrismaClient } from '../../src/db/client.js'
import { UnitOfWork } from '../../src/db/unit-of-work.js'
import { TokenService } from '../../src/services/tokens.js'
import { migratedDatabaseUrl, onPostgresql, summitSlug } from '../helper.js'
import { killServer as kill, startServer } from '../server-process.js'

// Crash durability (issue 15): the server is killed with SIGKILL while clients write,
// again and again, on one database. Every write it acknowledged must be there exactly
// once afterwards, and the database must pass its integrity check. One of the few
// tests that listens on a port and kills a process.

const cycles = Number(process.env.CRASH_CYCLES ?? 20)
// Twenty server starts take longer than tap's 120 s per file: tell the runner.
t.setTimeout(Number(process.env.CRASH_TIMEOUT_MS ?? 600_000))
const secret = 'crash-test-token-secret-0123456789abcdef'
const env = {
  PUBLIC_WRITE_RATE_LIMIT: '100000',
  COMMENT_FLOOD_SECONDS: '0',
  WEBHOOK_WORKER: 'false',
  SCHEDULER_INTERVAL_MS: '0'
}

t.test(`SIGKILL during concurrent writes, ${cycles} times: every acknowledged write is there exactly once`, async t => {
  // Migrated and seeded from the template: the first start has nothing to set up either.
  const databaseUrl = migratedDatabaseUrl(t)
  const start = () => startServer(t, { databaseUrl, secret, env })
  let child = await start()

  const prisma = createPrismaClient(databaseUrl)
  t.teardown(() => prisma.$disconnect())
  const writer = await new TokenService(prisma, new UnitOfWork(prisma), secret).create({ name: 'crash-writer', scopes: ['content:write'] })
  const auth = { authorization: `Bearer ${writer.token}`, 'content-type': 'application/json' }

  const comments = new Map<string, string>() // marker -> id the server answered with
  const articles = new Set<string>()
  let refused = 0
  for (let cycle = 0; cycle < cycles; cycle++) {
    if (cycle > 0) child = await start()
    const url = child.url
    let stop = false
    // Kill once at least three writes, one of them an article, were answered.
    let acknowledged = 0
    let articleAcknowledged = false
    let onAck = (_article: boolean) => {}
    const someAcknowledged = new Promise<void>(resolve => {
      onAck = article => {
        acknowledged++
        articleAcknowledged ||= article
        if (acknowledged >= 3 && articleAcknowledged) resolve()
      }
    })
    // Four clients write as fast as they are answered, a comment and an article in turn.
    const client = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const marker = `crash c${cycle} w${n} i${i}`
        try {
          if (i % 2 === 0) {
            const res = await fetch(`${url}/v1/articles/${summitSlug}/comments`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ name: 'Crash Tester', email: 'crash@example.com', body: marker })
            })
            if (res.status === 201) { comments.set(marker, (await res.json() as { id: string }).id); onAck(false) }
            else { refused++; await res.body?.cancel() }
          } else {
            const slug = `crash-c${cycle}-w${n}-i${i}`
            const res = await fetch(`${url}/v1/articles`, {
              method: 'POST',
              headers: auth,
              body: JSON.stringify({ slug, title: `Crash ${cycle} ${n} ${i}`, body: `Written by client ${n} in cycle ${cycle}.`, status: 'published' })
            })
            if (res.status === 201) { articles.add(slug); onAck(true) }
            else { refused++; await res.body?.cancel() }
          }
        } catch {
          return // the server is gone: this answer never came, so nothing was acknowledged
        }
      }
    }
    const clients = [0, 1, 2, 3].map(client)
    // Once writes are being answered, let them run a little longer (more on some
    // cycles), then kill mid-flight: four requests are always in the air.
    await Promise.race([someAcknowledged, new Promise(resolve => setTimeout(resolve, 30_000))])
    await new Promise(resolve => setTimeout(resolve, (cycle % 5) * 60))
    await kill(child)
    stop = true
    await Promise.all(clients)
  }
  t.ok(comments.size + articles.size >= 3 * cycles, `${comments.size} comments and ${articles.size} articles acknowledged in ${cycles} cycles (${refused} refused)`)
  t.equal(refused, 0, 'no write was refused while the server was up')

  // After the last kill, a restart recovers the database (WAL replay, or PostgreSQL's).
  child = await start()
  t.equal((await fetch(`${child.url}/health`)).status, 200, 'the server starts again on the crashed database')
  await kill(child)

  const stored = await prisma.comment.findMany({ where: { body: { startsWith: 'crash c' } }, select: { id: true, body: true } })
  const byMarker = new Map<string, string[]>()
  for (const row of stored) byMarker.set(row.body, [...byMarker.get(row.body) ?? [], row.id])
  const lostComments = [...comments.keys()].filter(marker => byMarker.get(marker)?.length !== 1 || byMarker.get(marker)![0] !== comments.get(marker))
  t.same(lostComments, [], 'every acknowledged comment is stored once, under the id it was answered with')
  const duplicated = [...byMarker.entries()].filter(([, ids]) => ids.length > 1).map(([marker]) => marker)
  t.same(duplicated, [], 'no comment is stored twice')

  const storedSlugs = new Set((await prisma.article.findMany({ where: { slug: { startsWith: 'crash-c' } }, select: { slug: true } })).map(a => a.slug))
  t.same([...articles].filter(slug => !storedSlugs.has(slug)), [], 'every acknowledged article is stored')
  // A write cut before its commit left nothing behind: each stored article has its revision.
  const withoutRevision = await prisma.article.count({ where: { slug: { startsWith: 'crash-c' }, revisions: { none: {} } } })
  t.equal(withoutRevision, 0, 'no article is stored half-written')

  if (onPostgresql) {
    const [row] = await prisma.$queryRaw<Array<{ ok: boolean }>>`SELECT count(*) = count(DISTINCT "slug") AS ok FROM "Article"`
    t.ok(row.ok, 'PostgreSQL: the unique index holds (no duplicate slugs)')
  } else {
    const [row] = await prisma.$queryRawUnsafe<Array<{ integrity_check: string }>>('PRAGMA integrity_check')
    t.equal(row.integrity_check, 'ok', 'SQLite: PRAGMA integrity_check')
  }
})
