import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { seedFile } from '../plugins/app/seed.js'
import type { Bundle, BundleArticle, BundleQuote } from '../schemas/bundle.js'

// npm run bundle:generate -- --articles 10000 --out big.json: a synthetic bundle for
// load tests: the summit story's entities and relations, and that many published
// articles that name them (so linking has work to do), each with a quote.
const { values } = parseArgs({ options: { articles: { type: 'string', default: '10000' }, out: { type: 'string' } } })
const count = Number(values.articles)
if (!Number.isInteger(count) || count < 1 || count > 100_000 || !values.out) {
  console.error('Usage: npm run bundle:generate -- --articles <1..100000> --out <file.json>')
  process.exit(2)
}
const seed = JSON.parse(readFileSync(seedFile, 'utf8')) as Bundle
const names = (seed.entities ?? []).map(e => e.name)
const speakers = (seed.entities ?? []).filter(e => e.kind === 'leader').map(e => e.slug)
const articles: BundleArticle[] = []
const quotes: BundleQuote[] = []
const start = Date.UTC(2020, 0, 1)
for (let i = 0; i < count; i++) {
  const a = names[i % names.length]
  const b = names[(i * 7 + 3) % names.length]
  const said = `Talks number ${i} on ${a} must go on`
  const body = [
    `${a} and ${b} met again on day ${i}, officials said.`,
    `"${said}," one of them told reporters after the meeting.`,
    `Observers expect another round of talks involving ${b} next week.`
  ].join('\n\n')
  const slug = `generated-story-${i}`
  articles.push({ slug, title: `${a} and ${b}: talks, round ${i}`, body, tags: ['generated', `round-${i % 50}`], status: 'published', publishedAt: new Date(start + i * 60_000).toISOString() })
  quotes.push({ article: slug, text: said, speaker: speakers[i % speakers.length] ?? null })
}
writeFileSync(values.out, JSON.stringify({ ...seed, articles: [...(seed.articles ?? []), ...articles], quotes: [...(seed.quotes ?? []), ...quotes] }))
console.error(`Wrote ${articles.length} generated articles (plus the summit story) to ${values.out}`)
