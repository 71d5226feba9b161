import t from 'tap'
import { buildModerated, summitSlug } from '../../helper.js'

// The comment and like counts an article read answers are columns of the article,
// kept by the database in each writer's transaction (migration article_counts). After
// every kind of change, each article's stored counts must equal a fresh count with the
// public semantics: approved comments, a reply only while its parent is approved.
t.test('stored comment and like counts equal a fresh count after every kind of change', async t => {
  const { app, auth } = await buildModerated(t)
  const admin = { authorization: `Bearer ${(await app.tokens.create({ name: 'admin', scopes: ['admin', 'content:write'] })).token}` }
  const post = async (slug: string, body: string, email: string, parentId?: string) => {
    const res = await app.inject({ method: 'POST', url: `/v1/articles/${slug}/comments`, payload: { name: 'Ada', email, body, ...(parentId ? { parentId } : {}) } })
    t.ok(res.statusCode === 201 || res.statusCode === 202, `comment posted (${res.statusCode})`)
    return res.json().id as string
  }
  const moderate = async (id: string, status: string) =>
    t.equal((await app.inject({ method: 'PATCH', url: `/v1/comments/${id}`, headers: auth, payload: { status } })).statusCode, 200, `${id} ${status}`)

  const check = async (step: string, expected?: Record<string, { comments: number, likes: number }>) => {
    const articles = await app.prisma.article.findMany({ select: { id: true, slug: true, commentCount: true, likeCount: true } })
    for (const article of articles) {
      const comments = await app.prisma.comment.count({ where: { articleId: article.id, status: 'approved', OR: [{ parentId: null }, { parent: { status: 'approved' } }] } })
      const likes = await app.prisma.like.count({ where: { articleId: article.id } })
      t.same({ comments: article.commentCount, likes: article.likeCount }, { comments, likes }, `${step}: ${article.slug} stored = counted`)
    }
    for (const [slug, counts] of Object.entries(expected ?? {})) {
      const read = (await app.inject({ url: `/v1/articles/${slug}` })).json()
      t.same({ comments: read.commentCount, likes: read.likeCount }, counts, `${step}: ${slug} as read`)
      const listed = (await app.inject({ url: `/v1/articles?filter[slug]=${slug}` })).json().data[0]
      t.same({ comments: listed.commentCount, likes: listed.likeCount }, counts, `${step}: ${slug} as listed`)
    }
  }

  await check('start', { [summitSlug]: { comments: 0, likes: 0 }, other: { comments: 0, likes: 0 } })

  const a = await post(summitSlug, 'One.', 'ada@example.org')
  const b = await post(summitSlug, 'Two.', 'bo@example.org')
  const c = await post('other', 'Three.', 'cy@example.org')
  await check('held comments', { [summitSlug]: { comments: 0, likes: 0 }, other: { comments: 0, likes: 0 } })

  await moderate(a, 'approved')
  await check('approved one', { [summitSlug]: { comments: 1, likes: 0 } })

  const bulk = await app.inject({ method: 'PATCH', url: '/v1/comments', headers: auth, payload: { ids: [b, c], status: 'approved' } })
  t.equal(bulk.statusCode, 200)
  await check('bulk approval', { [summitSlug]: { comments: 2, likes: 0 }, other: { comments: 1, likes: 0 } })

  // Ada's second comment is no longer her first: a reply to b, approved at once or by hand.
  const reply = await post(summitSlug, 'A reply.', 'ada@example.org', b)
  if ((await app.prisma.comment.findUniqueOrThrow({ where: { id: reply } })).status !== 'approved') await moderate(reply, 'approved')
  await check('reply', { [summitSlug]: { comments: 3, likes: 0 } })

  await moderate(b, 'trash')
  await check('parent trashed: its reply is hidden too', { [summitSlug]: { comments: 1, likes: 0 } })
  await moderate(b, 'approved')
  await check('parent approved again', { [summitSlug]: { comments: 3, likes: 0 } })

  for (const key of ['reader-key-1', 'reader-key-2', 'reader-key-2']) {
    t.ok([200, 201].includes((await app.inject({ method: 'POST', url: `/v1/articles/${summitSlug}/likes`, headers: { 'x-reader-key': key } })).statusCode), 'liked')
  }
  t.equal((await app.inject({ method: 'POST', url: '/v1/articles/other/likes', headers: { 'x-reader-key': 'reader-key-1' } })).statusCode, 201)
  await check('likes', { [summitSlug]: { comments: 3, likes: 2 }, other: { comments: 1, likes: 1 } })

  t.equal((await app.inject({ method: 'DELETE', url: `/v1/comments/${b}`, headers: auth })).statusCode, 204)
  await check('deleted a parent and, with it, its reply', { [summitSlug]: { comments: 1, likes: 2 } })

  const erased = await app.inject({ method: 'POST', url: '/v1/privacy/comments/erase', headers: admin, payload: { email: 'ada@example.org' } })
  t.equal(erased.statusCode, 200)
  await check('privacy erase', { [summitSlug]: { comments: 0, likes: 2 }, other: { comments: 1, likes: 1 } })

  // A re-import of the article changes its content, not its counts.
  const imported = await app.inject({ method: 'POST', url: '/v1/import', headers: admin, payload: { format: 'dateline-bundle', version: 1, articles: [{ slug: 'other', title: 'Other, again', body: 'New text.', status: 'published', publishedAt: '2020-01-01T00:00:00.000Z' }, { slug: 'fresh', title: 'Fresh', body: 'Text.', status: 'published', publishedAt: '2020-01-01T00:00:00.000Z' }] } })
  t.equal(imported.statusCode, 200, imported.body)
  await check('import', { other: { comments: 1, likes: 1 }, fresh: { comments: 0, likes: 0 } })

  t.equal((await app.inject({ method: 'DELETE', url: '/v1/articles/other', headers: admin })).statusCode, 204)
  await check('article deleted with its comments and likes', { [summitSlug]: { comments: 0, likes: 2 } })
  t.equal(await app.prisma.comment.count({ where: { article: { slug: 'other' } } }), 0)
})
