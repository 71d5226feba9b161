import Database from 'better-sqlite3'
import pg from 'pg'
import t from 'tap'
import { createPrismaClient, sqliteFile } from '../../src/db/client.js'
import { moderatedCommentList } from '../../src/schemas/comment.js'
import { parseListQuery } from '../../src/services/list-query.js'
import { ModerationService } from '../../src/services/moderation.js'
import { build, onPostgresql, summitSlug } from '../helper.js'

// The moderation queue must not read every comment to show a page. Each statement it
// sends is explained on the suite's own database: on SQLite, a plan may not scan the
// Comment table or sort it whole; on PostgreSQL the same, with sequential scans and
// sorts priced out, so a plan that still has one has no index to use instead.

type Explain = (sql: string, params: unknown[]) => Promise<string[]>

async function explainer (t: Parameters<typeof build>[0], databaseUrl: string): Promise<Explain> {
  if (!onPostgresql) {
    const db = new Database(sqliteFile(databaseUrl), { readonly: true })
    t.teardown(() => db.close())
    return async (sql, params) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params.map(p => typeof p === 'boolean' ? Number(p) : p)) as Array<{ detail: string }>).map(r => r.detail)
  }
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  t.teardown(() => client.end())
  await client.query('SET enable_seqscan = off')
  await client.query('SET enable_sort = off')
  return async (sql, params) => (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows.map(r => r['QUERY PLAN'])
}

const fullScan = onPostgresql ? /Seq Scan on "Comment"/ : /^SCAN (main\.)?Comment$/
// A sort of everything found; sorting only the ties of an index's order is fine.
const fullSort = onPostgresql ? /(^|->\s+)Sort\s+\(/ : /USE TEMP B-TREE FOR ORDER BY/

t.test('the queue walks an index in page order: no statement reads or sorts every comment', async t => {
  const app = await build(t, { COMMENT_FLOOD_SECONDS: '0' })
  const article = await app.prisma.article.findUniqueOrThrow({ where: { slug: summitSlug } })
  const parent = await app.prisma.comment.create({ data: { articleId: article.id, authorName: 'Ada', authorEmail: 'ada@example.org', body: 'One.', status: 'approved' } })
  for (let i = 0; i < 5; i++) {
    await app.prisma.comment.create({ data: { articleId: article.id, parentId: i % 2 ? parent.id : null, authorName: `N${i}`, authorEmail: `n${i}@example.org`, body: `Body ${i}.`, status: i % 2 ? 'pending' : 'spam' } })
  }
  const statements: Array<{ sql: string, params: unknown[] }> = []
  const client = createPrismaClient(app.config, undefined, [{ emit: 'event', level: 'query' }])
  ;(client as unknown as { $on: (event: 'query', fn: (e: { query: string, params: string }) => void) => void })
    .$on('query', e => { statements.push({ sql: e.query, params: JSON.parse(e.params) as unknown[] }) })
  t.teardown(() => client.$disconnect())
  const service = new ModerationService(client, app.unitOfWork, null)
  const explain = await explainer(t, app.config.databaseUrl)

  // In page order: neither a full scan nor a full sort. The rest may sort what they find.
  const ordered: Array<Record<string, unknown>> = [
    {},
    { sort: 'createdAt' },
    { 'filter[status]': 'pending' },
    { 'filter[article]': summitSlug },
    { 'filter[createdAt][gte]': '2000-01-01' },
    { 'filter[status]': 'pending', 'filter[createdAt][gte]': '2000-01-01', count: true }
  ]
  const found: Array<Record<string, unknown>> = [
    { 'filter[status][in]': 'pending,spam' },
    { 'filter[article][in]': `${summitSlug},other` },
    { 'filter[parentId]': parent.id },
    { 'filter[status]': 'pending', 'filter[article]': summitSlug }
  ]
  for (const [queries, sortFree] of [[ordered, true], [found, false]] as const) {
    for (const base of queries) {
      // The first page, and a page after a cursor.
      const first = await service.queue(parseListQuery(moderatedCommentList, { ...base, limit: 2 }))
      for (const query of [{ ...base, limit: 2 }, { ...base, limit: 2, cursor: first.nextCursor ?? undefined }]) {
        statements.length = 0
        await service.queue(parseListQuery(moderatedCommentList, query))
        t.ok(statements.length > 0)
        for (const { sql, params } of statements) {
          const plan = await explain(sql, params)
          const label = `${JSON.stringify(query)}: ${plan.join(' / ')}`
          t.notOk(plan.some(line => fullScan.test(line.trim())), `no full scan of comments; ${label}`)
          if (sortFree && /FROM\s+("public"\.|`main`\.)?[`"]Comment[`"]/.test(sql) && !/COUNT\(/i.test(sql)) {
            t.notOk(plan.some(line => fullSort.test(line.trim())), `no sort of everything found; ${label}`)
          }
        }
      }
    }
  }
})
