import t from 'tap'
import { buildWatched, summitSlug } from '../../helper.js'

const url = `/v1/articles/${summitSlug}/comments`
const quiet = { COMMENT_FLOOD_SECONDS: '0' }
const ada = { name: 'Ada', email: 'ada@example.org', body: 'A careful, sourced report.' }

async function moderatorOf (app: Awaited<ReturnType<typeof buildWatched>>) {
  const token = (await app.tokens.create({ name: 'mod', scopes: ['comments:moderate'] })).token
  return { authorization: `Bearer ${token}` }
}

t.test('a first comment is held for moderation; the email never comes back', async t => {
  const app = await buildWatched(t, quiet)
  const res = await app.inject({ method: 'POST', url, payload: { ...ada, website: 'https://ada.example.org' } })
  t.equal(res.statusCode, 201)
  t.equal(res.headers['cache-control'], 'no-store')
  const posted = res.json()
  t.match(posted, { authorName: 'Ada', website: 'https://ada.example.org', body: ada.body, parentId: null, moderation: 'held', message: /awaiting moderation/ })
  t.notOk('email' in posted)
  t.notMatch(res.body, /ada@example\.org/)

  const list = await app.inject({ url })
  t.equal(list.statusCode, 200)
  t.same(list.json().data, [], 'a held comment is not public')
  t.equal((await app.inject({ url: `/v1/articles/${summitSlug}` })).json().commentCount, 0)
})

t.test('known-authors policy: once approved, the same email publishes at once', async t => {
  const app = await buildWatched(t, quiet)
  const auth = await moderatorOf(app)
  const first = (await app.inject({ method: 'POST', url, payload: ada })).json()
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/comments/${first.id}`, headers: auth, payload: { status: 'approved' } })).statusCode, 200)
  const second = await app.inject({ method: 'POST', url, payload: { ...ada, email: 'ADA@Example.org', body: 'And a follow-up.' } })
  t.equal(second.statusCode, 201)
  t.match(second.json(), { moderation: 'published', message: /published/ })
  const article = (await app.inject({ url: `/v1/articles/${summitSlug}` })).json()
  t.equal(article.commentCount, 2)
  const listed = (await app.inject({ url: '/v1/articles' })).json().data[0]
  t.equal(listed.commentCount, 2, 'the list shows the count too')
})

t.test('hold-all policy holds even a known author', async t => {
  const app = await buildWatched(t, { ...quiet, COMMENT_MODERATION: 'hold-all' })
  const auth = await moderatorOf(app)
  const first = (await app.inject({ method: 'POST', url, payload: ada })).json()
  await app.inject({ method: 'PATCH', url: `/v1/comments/${first.id}`, headers: auth, payload: { status: 'approved' } })
  const second = (await app.inject({ method: 'POST', url, payload: { ...ada, body: 'Again.' } })).json()
  t.equal(second.moderation, 'held')
  const queued = (await app.inject({ url: `/v1/comments/${second.id}`, headers: auth })).json()
  t.match(queued.spamCheck, { verdict: 'pass', reasons: [/policy: every comment is held/] })
})

t.test('threads: replies nest under their parent, oldest first, only approved ones', async t => {
  const app = await buildWatched(t, quiet)
  const auth = await moderatorOf(app)
  const post = async (payload: object) => (await app.inject({ method: 'POST', url, payload: { ...ada, ...payload } })).json()
  const approve = (ids: string[]) => app.inject({ method: 'PATCH', url: '/v1/comments', headers: auth, payload: { ids, status: 'approved' } })
  const a = await post({ body: 'First.' })
  const b = await post({ body: 'Second.', email: 'bo@example.org', name: 'Bo' })
  await approve([a.id, b.id])
  const reply = await post({ body: 'A reply to the first.', email: 'cy@example.org', name: 'Cy', parentId: a.id })
  t.equal(reply.parentId, a.id)
  const hidden = await post({ body: 'A held reply.', email: 'di@example.org', name: 'Di', parentId: a.id })
  await approve([reply.id])
  const nested = await post({ body: 'A reply to the reply.', parentId: reply.id })
  t.equal(nested.moderation, 'published', 'Ada is a known author now')
  t.ok(hidden.id)

  const res = await app.inject({ url })
  t.equal(res.statusCode, 200)
  t.match(res.headers['cache-control'], /^public/)
  const data = res.json().data
  t.same(data.map((c: { body: string }) => c.body), ['First.', 'Second.'], 'top level, oldest first')
  t.same(data[0].replies.map((c: { body: string }) => c.body), ['A reply to the first.'], 'held replies stay hidden')
  t.same(data[0].replies[0].replies.map((c: { body: string }) => c.body), ['A reply to the reply.'])
  t.same(data[1].replies, [])
  t.equal((await app.inject({ url: `/v1/articles/${summitSlug}` })).json().commentCount, 4)

  const newest = (await app.inject({ url: `${url}?sort=-createdAt` })).json().data
  t.same(newest.map((c: { body: string }) => c.body), ['Second.', 'First.'])
})

t.test('comment threads page with a cursor', async t => {
  const app = await buildWatched(t, quiet)
  const auth = await moderatorOf(app)
  const ids: string[] = []
  for (let i = 1; i <= 5; i++) ids.push((await app.inject({ method: 'POST', url, payload: { ...ada, body: `Comment ${i}` } })).json().id)
  await app.inject({ method: 'PATCH', url: '/v1/comments', headers: auth, payload: { ids, status: 'approved' } })
  const first = await app.inject({ url: `${url}?limit=2` })
  t.equal(first.headers.link, `<${first.json().meta.next}>; rel="next"`)
  const seen: string[] = []
  let next: string | null = `${url}?limit=2`
  while (next) {
    const page: { data: Array<{ body: string }>, meta: { next: string | null } } = (await app.inject({ url: next })).json()
    seen.push(...page.data.map(c => c.body))
    next = page.meta.next
  }
  t.same(seen, ['Comment 1', 'Comment 2', 'Comment 3', 'Comment 4', 'Comment 5'])
  t.equal((await app.inject({ url: `${url}?cursor=bogus` })).statusCode, 400)
})

t.test('bad comments get a 400 naming every bad field', async t => {
  const app = await buildWatched(t, quiet)
  const post = (payload: object) => app.inject({ method: 'POST', url, payload })
  const missing = await post({})
  t.equal(missing.statusCode, 400)
  t.match(missing.headers['content-type'], /^application\/problem\+json/)
  t.same(missing.json().errors.map((e: { pointer: string }) => e.pointer).sort(), ['/body', '/email', '/name'])
  const malformed = await post({ name: ' ', email: 'not-an-email', body: 'x', website: 'javascript:alert(1)' })
  t.same([...new Set(malformed.json().errors.map((e: { pointer: string }) => e.pointer))].sort(), ['/email', '/name', '/website'])
  t.notMatch(malformed.body, /not-an-email/, 'the bad email is not echoed back')
  t.match((await post({ ...ada, status: 'approved' })).json(), { errors: [{ pointer: '/status', message: 'is not a known property' }] })
  t.match((await post({ ...ada, parentId: 'nope' })).json(), { errors: [{ pointer: '/parentId' }] })
  const orphan = await post({ ...ada, parentId: '00000000-0000-4000-8000-000000000000' })
  t.equal(orphan.statusCode, 400)
  t.match(orphan.json(), { errors: [{ in: 'body', pointer: '/parentId', message: /not a published comment on this article/ }] })
})

t.test('a reply must be to a published comment on the same article', async t => {
  const app = await buildWatched(t, quiet)
  const auth = await moderatorOf(app)
  await app.articles.upsert({ slug: 'other', title: 'Other', body: 'Text.', status: 'published', publishedAt: '2020-01-01T00:00:00.000Z' }, 'test')
  const elsewhere = (await app.inject({ method: 'POST', url: '/v1/articles/other/comments', payload: ada })).json()
  const pending = (await app.inject({ method: 'POST', url, payload: ada })).json()
  t.equal((await app.inject({ method: 'POST', url, payload: { ...ada, body: 'Reply.', parentId: pending.id } })).statusCode, 400, 'not to a held comment')
  await app.inject({ method: 'PATCH', url: '/v1/comments', headers: auth, payload: { ids: [elsewhere.id], status: 'approved' } })
  t.equal((await app.inject({ method: 'POST', url, payload: { ...ada, body: 'Reply.', parentId: elsewhere.id } })).statusCode, 400, 'not across articles')
})

t.test('unknown or unpublished articles are 404; closed comments are 403', async t => {
  const app = await buildWatched(t, quiet)
  await app.articles.upsert({ slug: 'a-draft', title: 'Draft', body: 'Text.', status: 'draft' }, 'test')
  await app.articles.upsert({ slug: 'closed', title: 'Closed', body: 'Text.', status: 'published', publishedAt: '2020-01-01T00:00:00.000Z', commentsOpen: false }, 'test')
  for (const slug of ['no-such-story', 'a-draft']) {
    const res = await app.inject({ method: 'POST', url: `/v1/articles/${slug}/comments`, payload: ada })
    t.equal(res.statusCode, 404, `POST on ${slug}`)
    t.equal((await app.inject({ url: `/v1/articles/${slug}/comments` })).statusCode, 404, `GET on ${slug}`)
  }
  const closed = await app.inject({ method: 'POST', url: '/v1/articles/closed/comments', payload: ada })
  t.equal(closed.statusCode, 403)
  t.match(closed.json(), { status: 403, detail: /closed/ })
  t.equal((await app.inject({ url: '/v1/articles/closed/comments' })).statusCode, 200, 'its comments can still be read')
})
