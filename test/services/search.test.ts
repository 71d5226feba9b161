import t from 'tap'
import { searchFor } from '../../src/db/dialect.js'
import { searchTerms } from '../../src/services/search.js'
import { build } from '../helper.js'

t.test('searchTerms: whole words; a trailing * asks for a prefix of at least 3 letters', async t => {
  t.same(searchTerms('Erdoğan  Putin'), { words: ['Erdoğan', 'Putin'], prefix: false })
  t.same(searchTerms('ceasefire trea*'), { words: ['ceasefire', 'trea'], prefix: true })
  t.same(searchTerms('trea* '), { words: ['trea'], prefix: true }, 'space after the * is ignored')
  t.same(searchTerms('"OR" NEAR('), { words: ['OR', 'NEAR'], prefix: false }, 'engine syntax is only words')
  t.throws(() => searchTerms('tr*'), /query parameter q needs at least 3 letters before \*/)
  t.throws(() => searchTerms('* !'), /query parameter q must contain a word/)
})

// A word in more rows than the window is ranked among the newest rows only, so
// ranking costs the window's size however many rows match.
t.test('a search matching more rows than the window ranks the newest of them', async t => {
  const app = await build(t)
  const dialect = searchFor(app.dialect.kind)
  const article = await app.prisma.article.create({ data: { slug: 'window', title: 'Window', body: 'Body.', status: 'published', publishedAt: new Date('2020-01-01') } })
  const ids: string[] = []
  for (let i = 0; i < 30; i++) {
    // Older rows mention the word more often, so they would rank first without a window.
    const text = i < 10 ? `zanzibar zanzibar zanzibar talks ${i}` : `zanzibar talks and more words here ${i}`
    ids.push((await app.prisma.quote.create({ data: { articleId: article.id, text } })).id)
  }
  const terms = searchTerms('zanzibar')
  const everything = await dialect.hits(app.prisma, 'quotes', terms, await dialect.windowStart(app.prisma, 'quotes', terms, 100), undefined, 100)
  t.equal(everything.length, 30, 'a window larger than the matches ranks them all')
  t.same(new Set(everything.slice(0, 10).map(h => h.id)), new Set(ids.slice(0, 10)), 'the denser rows rank first')

  const start = await dialect.windowStart(app.prisma, 'quotes', terms, 12)
  const windowed = await dialect.hits(app.prisma, 'quotes', terms, start, undefined, 100)
  t.same(new Set(windowed.map(h => h.id)), new Set(ids.slice(-12)), 'a window of 12 ranks the 12 newest matches')
  t.ok(windowed.every(h => h.rank <= windowed[windowed.length - 1].rank), 'in rank order')
  t.same(await dialect.allIds(app.prisma, 'quotes', terms).then(all => all.length), 30, 'totals still count every match')
})
