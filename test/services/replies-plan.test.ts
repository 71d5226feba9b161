import t from 'tap'
import { createPrismaClient } from '../../src/db/client.js'
import { CommentService } from '../../src/services/comments.js'
import { Hasher } from '../../src/services/privacy.js'
import { build, onPostgresql, summitSlug } from '../helper.js'

// The comments route loads each level of replies with one query (parentId IN the
// level's ids, approved, oldest first). Without an index that serves it, the database
// walks every comment ever posted: 0.6 ms at 3,000 comments, 600 ms at 300,000 (issue
// 13). The plan is checked here, on the statement Prisma really sends.
t.test('the replies query of the comments route is served by an index, not a scan of Comment', async t => {
  const app = await build(t)
  const article = await app.prisma.article.findUniqueOrThrow({ where: { slug: summitSlug }, select: { id: true } })
  const other = await app.articles.upsert({ slug: 'other', title: 'Other', body: 'Text.', status: 'published', publishedAt: '2020-01-01T00:00:00.000Z' }, 'test')
  const comment = (articleId: string, i: number, parentId: string | null = null) => ({
    articleId, parentId, authorName: 'Ada', authorEmail: `a${i}@example.org`, body: `Comment ${i}.`, status: 'approved', createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i))
  })
  const tops = await Promise.all([0, 1, 2].map(i => app.prisma.comment.create({ data: comment(article.id, i) })))
  for (let i = 0; i < 3; i++) await app.prisma.comment.create({ data: comment(article.id, 10 + i, tops[i]!.id) })
  await app.prisma.comment.createMany({ data: Array.from({ length: 200 }, (_, i) => comment(other.id, 100 + i)) })

  // The real service on a client of its own that logs each statement it sends.
  const statements: Array<{ query: string, params: string }> = []
  const client = createPrismaClient(app.config, undefined, [{ emit: 'event', level: 'query' }])
  ;(client as unknown as { $on: (event: 'query', fn: (e: { query: string, params: string }) => void) => void }).$on('query', e => { statements.push(e) })
  t.teardown(() => client.$disconnect())
  const comments = new CommentService(client, app.unitOfWork, app.config.comments, new Hasher('replies-plan-test-secret'), app.privacy, null)
  const page = await comments.listPublic(summitSlug, {})
  t.equal(page.data.length, 3)
  t.same(page.data.map(c => c.replies.length), [1, 1, 1], 'each top-level comment shows its reply')

  const replies = statements.filter(s => /[`"]parentId[`"]\s+IN\s*\(/i.test(s.query))
  t.ok(replies.length > 0, `the replies statement was seen among:\n${statements.map(s => s.query).join('\n')}`)
  for (const statement of replies) {
    const params = JSON.parse(statement.params) as unknown[]
    let plan: string
    if (onPostgresql) {
      // PostgreSQL plans from statistics, which autovacuum's ANALYZE keeps in a live
      // database; a table just filled has none yet (and its planner then guessed the
      // status index selective). A test-sized table is also cheaper to read whole:
      // with sequential scans priced out, the planner still scans Comment unless an
      // index can serve the query.
      await client.$executeRawUnsafe('ANALYZE "Comment"')
      plan = await client.$transaction(async tx => {
        await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off')
        const rows = await tx.$queryRawUnsafe<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN ${statement.query}`, ...params)
        return rows.map(r => r['QUERY PLAN']).join('\n')
      })
      t.notMatch(plan, /Seq Scan on "Comment"/, `no sequential scan of Comment:\n${plan}`)
      t.match(plan, /(Index (Only )?Scan using|Bitmap Index Scan on) "?Comment_parentId_status_createdAt_id_idx"?\s+\(cost[^\n]*\n\s*Index Cond: \(\("parentId" = ANY/, `an index on parentId serves it:\n${plan}`)
    } else {
      const rows = await client.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${statement.query}`, ...params)
      plan = rows.map(r => r.detail).join('\n')
      t.notMatch(plan, /\bSCAN (main\.)?"?Comment"?\b/, `no scan of Comment (nor of one of its indexes):\n${plan}`)
      t.match(plan, /SEARCH (main\.)?"?Comment"? USING (COVERING )?INDEX "?Comment_parentId_status_createdAt_id_idx"? \(parentId=\? AND status=\?\)/, `an index on parentId serves it:\n${plan}`)
    }
  }
})
