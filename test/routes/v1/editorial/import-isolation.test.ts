import { setImmediate as nextTurn } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { build } from '../../../helper.js'

// Public reads served while an import runs must see the database as it was before
// the import, never the import's uncommitted rows. On SQLite, Prisma's adapter ran
// them on the import's own connection, inside its open transaction: a reader got an
// article that a failed import then rolled back, and the response cache kept it.

function bundle (count: number, { failAtEnd }: { failAtEnd: boolean }) {
  const articles = Array.from({ length: count }, (_, i) => ({
    slug: `isolated-${i}`,
    title: `Isolated story ${i}`,
    body: `Iran and Russia met again on day ${i}, officials said.\n\n"Talks number ${i} must go on," one of them told reporters.`,
    status: 'published',
    publishedAt: '2024-01-01T00:00:00.000Z'
  }))
  // A quote naming an article that exists nowhere fails the whole bundle after every article was written.
  const quotes = failAtEnd ? [{ article: 'no-such-article', text: 'Nothing' }] : []
  return { format: 'dateline-bundle', version: 1, articles, quotes }
}

async function readDuringImport (t: Test, failAtEnd: boolean) {
  const app = await build(t)
  const token = (await app.tokens.create({ name: 'bulk', scopes: ['content:write'] })).token
  let importDone = false
  const importing = app.inject({ method: 'POST', url: '/v1/import', headers: { authorization: `Bearer ${token}` }, payload: bundle(100, { failAtEnd }) })
    .finally(() => { importDone = true })

  const before = (await app.inject('/v1/articles?count=true&limit=1')).json().meta.total as number
  const seen: Array<{ status: number, total: number }> = []
  while (!importDone) {
    // A cached answer comes back without any I/O: give the import its turn.
    await nextTurn()
    const status = (await app.inject('/v1/articles/isolated-0')).statusCode
    const total = (await app.inject('/v1/articles?count=true&limit=1')).json().meta.total as number
    seen.push({ status, total })
  }
  const res = await importing
  t.ok(seen.length > 0, `${seen.length} pairs of reads were answered while the import ran`)
  return { app, res, before, seen }
}

t.test('reads during an import see nothing of it until it commits, then see all of it', async t => {
  const { app, res, before, seen } = await readDuringImport(t, false)
  t.equal(res.statusCode, 200)
  t.match(res.json().articles, { created: 100 })
  // The commit happens just before the answer is sent, so the last reads may already
  // see it: all of it, and from then on. Each read sees either nothing or everything.
  t.ok(seen[0].status === 404 && seen[0].total === before, 'the first reads saw none of the import')
  t.ok(seen.every(read => read.total === before || read.total === before + 100), 'no list total counted part of the import')
  const firstStatus = seen.findIndex(read => read.status === 200)
  const firstTotal = seen.findIndex(read => read.total === before + 100)
  t.ok(firstStatus === -1 || seen.slice(firstStatus).every(read => read.status === 200), 'once an article of the import read, it kept reading')
  t.ok(firstTotal === -1 || seen.slice(firstTotal).every(read => read.total === before + 100), 'once the total counted the import, it kept counting it')
  t.equal((await app.inject('/v1/articles/isolated-0')).statusCode, 200, 'after the commit the article reads (no stale 404 kept)')
  t.equal((await app.inject('/v1/articles/isolated-99')).statusCode, 200)
})

t.test('reads during an import that fails never see what it rolled back', async t => {
  const { app, res, before, seen } = await readDuringImport(t, true)
  t.equal(res.statusCode, 400)
  t.match(res.json().errors, [{ pointer: '/quotes/0/article' }])
  t.ok(seen.every(read => read.status === 404 && read.total === before), 'no read saw an article the import rolled back')
  t.equal((await app.inject('/v1/articles/isolated-0')).statusCode, 404)
  t.equal(await app.prisma.article.count({ where: { slug: { startsWith: 'isolated-' } } }), 0)
})
