// A typed Dateline client in a few lines: openapi-fetch with the types that
// `npm run openapi` generates (openapi/schema.d.ts, openapi-typescript). Every path,
// parameter and body below is checked by the compiler against the API's contract.
//
//   npx tsx examples/client.ts http://127.0.0.1:3000
import createClient from 'openapi-fetch'
import type { paths } from '../openapi/schema.js'

export async function tour (baseUrl: string, log: (line: string) => void = console.log): Promise<void> {
  const api = createClient<paths>({ baseUrl })

  // 1. The newest articles.
  const list = await api.GET('/v1/articles', { params: { query: { limit: 5 } } })
  if (!list.data) throw new Error(`listArticles: ${list.response.status} ${list.error?.detail ?? ''}`)
  const first = list.data.data[0]
  if (!first?.slug) throw new Error('listArticles: no article')
  log(`articles: ${list.data.data.map(article => article.title).join(' | ')}`)

  // 2. One article with the entities it names and the quotes in it.
  const read = await api.GET('/v1/articles/{slug}', { params: { path: { slug: first.slug }, query: { include: 'entities,quotes' } } })
  if (!read.data) throw new Error(`getArticle: ${read.response.status} ${read.error?.detail ?? ''}`)
  const article = read.data
  log(`read: ${article.title} (${article.status}), ETag ${read.response.headers.get('etag')}`)
  log(`entities: ${(article.entities ?? []).map(entity => `${entity.name} (${entity.kind})`).join(', ')}`)
  for (const quote of article.quotes ?? []) log(`quote: "${quote.text}" by ${quote.speaker?.name ?? 'unattributed'}`)

  // 3. The articles that name an entity.
  const entity = article.entities?.[0]?.slug ?? 'iran'
  const byEntity = await api.GET('/v1/articles', { params: { query: { 'filter[entity]': [entity] } } })
  if (!byEntity.data) throw new Error(`listArticles by entity: ${byEntity.response.status}`)
  log(`naming ${entity}: ${byEntity.data.data.map(a => a.slug).join(', ')}`)

  // 4. Full-text search, with the best passage of each hit.
  const search = await api.GET('/v1/articles', { params: { query: { q: 'Idlib ceasefire' } } })
  if (!search.data) throw new Error(`search: ${search.response.status}`)
  for (const hit of search.data.data) log(`search hit: ${hit.slug}: ${hit.match?.snippet ?? ''}`)

  // 5. A reader's comment (held for moderation unless the commenter is known).
  const comment = await api.POST('/v1/articles/{slug}/comments', {
    params: { path: { slug: article.slug! } },
    body: { name: 'Leyla', email: 'leyla@example.org', body: 'Thank you for the clear account of the Tehran summit.' }
  })
  if (!comment.data) throw new Error(`createArticleComment: ${comment.response.status} ${comment.error?.detail ?? ''}`)
  log(`comment ${comment.data.id}: ${comment.data.moderation}`)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await tour(process.argv[2] ?? 'http://127.0.0.1:3000')
}
