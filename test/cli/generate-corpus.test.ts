import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createPrismaClient } from '../../src/db/client.js'
import { onPostgresql, testDatabaseUrl } from '../helper.js'

const run = promisify(execFile)
const cli = path.resolve('src/cli/generate-corpus.ts')
const small = ['--articles', '50', '--entities', '30', '--quotes', '80', '--tags', '6', '--comments', '120', '--likes', '90', '--seed', '7']
const generate = (databaseUrl: string, args = small) =>
  run(process.execPath, ['--import', 'tsx', cli, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl } })

t.test('npm run db:generate-corpus fills an empty database, searchable, and refuses one with articles', async t => {
  const databaseUrl = testDatabaseUrl(t)
  t.match((await generate(databaseUrl)).stdout, /Generated 30 entities, 50 articles, 80 quotes, 120 comments and 90 likes/)

  const app = await buildApp(loadConfig({
    DATABASE_URL: databaseUrl, SEED_ON_START: 'never', LOG_LEVEL: 'silent', MAX_EVENT_LOOP_DELAY_MS: '0', TOKEN_SECRET: 'corpus-test-token-secret-0123456789abcdef'
  }, false), false)
  t.teardown(() => app.close())
  t.equal(await app.prisma.article.count(), 50)
  t.equal(await app.prisma.quote.count(), 80)
  t.equal(await app.prisma.tag.count(), 6)
  t.equal(await app.prisma.comment.count(), 120)
  t.equal(await app.prisma.like.count(), 90)
  // The comment and like counts the list shows are the corpus's own.
  const listed = (await app.inject({ url: '/v1/articles?limit=100' })).json().data as Array<{ slug: string, commentCount: number, likeCount: number }>
  const likes = await app.prisma.like.groupBy({ by: ['articleId'], _count: { _all: true } })
  t.equal(listed.reduce((n, a) => n + a.likeCount, 0), await app.prisma.like.count({ where: { article: { slug: { in: listed.map(a => a.slug) } } } }), 'likes are counted per article')
  t.ok(likes.length > 1, 'likes are spread over articles')
  t.equal(listed.reduce((n, a) => n + a.commentCount, 0), await app.prisma.comment.count({ where: { status: 'approved', article: { slug: { in: listed.map(a => a.slug) } } } }), 'approved comments are counted per article')

  // Search answers from every index the migration's triggers fill.
  const [article] = (await app.inject({ url: '/v1/articles?limit=1&include=entities' })).json().data
  const entity = article.entities[0]
  const word = entity.name.split(' ')[0]
  const articles = (await app.inject({ url: `/v1/articles?q=${encodeURIComponent(word)}&limit=50` })).json().data as Array<{ slug: string }>
  t.ok(articles.some(a => a.slug === article.slug), 'an article is found by the name of an entity it mentions')
  const entities = (await app.inject({ url: `/v1/entities?q=${encodeURIComponent(word)}` })).json().data as Array<{ slug: string }>
  t.ok(entities.some(e => e.slug === entity.slug), 'the entity is found by its name')
  t.ok((await app.inject({ url: '/v1/quotes?q=ceasefire' })).json().data.length > 0, 'quotes are found by a word')

  await t.rejects(generate(databaseUrl), { code: 1, stderr: /already holds articles/ })
  t.equal(await app.prisma.article.count(), 50, 'nothing was added')
})

interface Snapshot { articles: string[], quotes: string[], mentions: string[] }

// Sorted here, not in SQL: the databases may collate text differently.
const sorted = <T>(rows: T[]) => rows.map(row => JSON.stringify(row)).sort()

/** What a corpus holds, without its random ids, timed from its entities' creation (the generator's clock). */
async function snapshot (databaseUrl: string): Promise<Snapshot> {
  const prisma = createPrismaClient(databaseUrl)
  try {
    const now = (await prisma.entity.findFirstOrThrow()).createdAt.getTime()
    const since = (date: Date | null) => date === null ? null : date.getTime() - now
    const articles = await prisma.article.findMany({ include: { tags: { include: { tag: true }, orderBy: { position: 'asc' } } } })
    const quotes = await prisma.quote.findMany({ include: { speaker: true, article: true } })
    const mentions = await prisma.mention.findMany({ include: { article: true, entity: true } })
    return {
      articles: sorted(articles.map(({ id, tags, publishedAt, createdAt, updatedAt, ...a }) =>
        ({ ...a, publishedAt: since(publishedAt), createdAt: since(createdAt), updatedAt: since(updatedAt), tags: tags.map(t => t.tag.slug) }))),
      quotes: sorted(quotes.map(({ id, speakerId, articleId, speaker, article, createdAt, updatedAt, ...q }) =>
        ({ ...q, speaker: speaker?.slug, article: article.slug, createdAt: since(createdAt), updatedAt: since(updatedAt) }))),
      mentions: sorted(mentions.map(m => ({ article: m.article.slug, entity: m.entity.slug, count: m.count, offsets: m.offsets, source: m.source, createdAt: since(m.createdAt) })))
    }
  } finally {
    await prisma.$disconnect()
  }
}

t.test('the same seed makes the same corpus on SQLite and PostgreSQL', { skip: onPostgresql ? false : 'needs PostgreSQL: set TEST_DATABASE_URL' }, async t => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dateline-corpus-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const sqliteUrl = `file:${path.join(dir, 'corpus.db')}`
  const postgresqlUrl = testDatabaseUrl(t)
  await generate(sqliteUrl)
  await generate(postgresqlUrl)
  const [sqlite, postgresql] = await Promise.all([snapshot(sqliteUrl), snapshot(postgresqlUrl)])
  t.equal(postgresql.articles.length, 50)
  t.same(postgresql, sqlite)
})
