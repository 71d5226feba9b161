import t from 'tap'
import { buildModerated, buildWatched, summitSlug } from '../../helper.js'

async function setup (t: Parameters<typeof buildWatched>[0]) {
  const { app, auth } = await buildModerated(t)
  const post = async (slug: string, body: string, email = 'ada@example.org') =>
    (await app.inject({ method: 'POST', url: `/v1/articles/${slug}/comments`, payload: { name: 'Ada', email, body } })).json().id as string
  return { app, auth, post }
}

t.test('the queue lists every status, filtered by status, article and time, newest first', async t => {
  const { app, auth, post } = await setup(t)
  const a = await post(summitSlug, 'One.')
  const b = await post('other', 'Two.')
  const c = await post(summitSlug, 'Three.')
  await app.prisma.comment.update({ where: { id: a }, data: { status: 'approved', createdAt: new Date('2026-01-01T00:00:00Z') } })
  const list = async (query: string) => {
    const res = await app.inject({ url: `/v1/comments${query}`, headers: auth })
    t.equal(res.statusCode, 200, query)
    return res.json().data.map((x: { id: string }) => x.id)
  }
  t.same(await list(''), [c, b, a])
  t.same(await list('?sort=createdAt'), [a, b, c])
  t.same(await list('?filter[status]=pending'), [c, b])
  t.same(await list(`?filter[article]=${summitSlug}`), [c, a])
  t.same(await list('?filter[status]=pending&filter[article]=other'), [b])
  t.same(await list('?filter[createdAt][gte]=2026-06-01T00:00:00Z'), [c, b])
  const item = (await app.inject({ url: `/v1/comments/${b}`, headers: auth })).json()
  t.match(item, { id: b, article: 'other', authorName: 'Ada', body: 'Two.', status: 'pending', spamCheck: { verdict: 'pass' } })
  t.notOk('email' in item || 'authorEmail' in item || 'ipHash' in item, 'no private field')

  const page1 = (await app.inject({ url: '/v1/comments?limit=2', headers: auth })).json()
  t.same(page1.data.map((x: { id: string }) => x.id), [c, b])
  const page2 = (await app.inject({ url: page1.meta.next, headers: auth })).json()
  t.same(page2.data.map((x: { id: string }) => x.id), [a])
  t.equal(page2.meta.next, null)
})

t.test('bad queue parameters are 400s naming them', async t => {
  const { app, auth } = await setup(t)
  for (const [query, pointer] of [
    ['filter[status]=deleted', '/filter[status]'],
    ['filter[email]=ada@example.org', '/filter[email]'],
    ['filter[createdAt][ne]=2026-01-01T00:00:00Z', '/filter[createdAt][ne]'],
    ['filter[createdAt][gte]=yesterday', '/filter[createdAt][gte]'],
    ['sort=email', '/sort'],
    ['cursor=bogus', '/cursor']
  ]) {
    const res = await app.inject({ url: `/v1/comments?${query}`, headers: auth })
    t.equal(res.statusCode, 400, query)
    t.match(res.json(), { errors: [{ in: 'query', pointer }] }, query)
  }
})

t.test('a moderator approves, edits, trashes, bulk-changes and deletes comments', async t => {
  const { app, auth, post } = await setup(t)
  const a = await post(summitSlug, 'One.')
  const b = await post(summitSlug, 'Two.', 'bo@example.org')
  const c = await post(summitSlug, 'Three.', 'cy@example.org')

  const approved = await app.inject({ method: 'PATCH', url: `/v1/comments/${a}`, headers: auth, payload: { status: 'approved' } })
  t.equal(approved.statusCode, 200)
  t.match(approved.json(), { status: 'approved', spamCheck: { reasons: ['policy: first comment from this author is held for a moderator', 'mod changed pending to approved'] } })
  t.same((await app.inject({ url: `/v1/articles/${summitSlug}/comments` })).json().data.map((x: { body: string }) => x.body), ['One.'])

  const edited = await app.inject({ method: 'PATCH', url: `/v1/comments/${a}`, headers: auth, payload: { body: 'One, edited.', website: 'https://ada.example.org', authorName: 'Ada L.' } })
  t.match(edited.json(), { body: 'One, edited.', website: 'https://ada.example.org', authorName: 'Ada L.', status: 'approved' })
  t.match((await app.inject({ url: `/v1/articles/${summitSlug}/comments` })).json().data[0], { body: 'One, edited.', authorName: 'Ada L.' })

  const bulk = await app.inject({ method: 'PATCH', url: '/v1/comments', headers: auth, payload: { ids: [b, c, '00000000-0000-4000-8000-000000000000'], status: 'approved' } })
  t.equal(bulk.statusCode, 200)
  t.same(bulk.json(), { updated: 2, notFound: ['00000000-0000-4000-8000-000000000000'] })
  t.equal((await app.inject({ url: `/v1/articles/${summitSlug}` })).json().commentCount, 3)

  t.equal((await app.inject({ method: 'PATCH', url: `/v1/comments/${b}`, headers: auth, payload: { status: 'trash' } })).json().status, 'trash')
  t.equal((await app.inject({ url: `/v1/articles/${summitSlug}` })).json().commentCount, 2, 'trash is not public')

  t.equal((await app.inject({ method: 'DELETE', url: `/v1/comments/${c}`, headers: auth })).statusCode, 204)
  t.equal((await app.inject({ url: `/v1/comments/${c}`, headers: auth })).statusCode, 404)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/comments/${c}`, headers: auth })).statusCode, 404)
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/comments/${c}`, headers: auth, payload: { status: 'spam' } })).statusCode, 404)

  for (const payload of [{}, { status: 'hidden' }, { email: 'x@example.org' }, { body: '' }]) {
    const res = await app.inject({ method: 'PATCH', url: `/v1/comments/${a}`, headers: auth, payload })
    t.equal(res.statusCode, 400, JSON.stringify(payload))
  }
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/comments', headers: auth, payload: { ids: [], status: 'spam' } })).statusCode, 400)
})

t.test('moderation needs a comments:moderate token', async t => {
  const { app, post } = await setup(t)
  const id = await post(summitSlug, 'One.')
  const reader = (await app.tokens.create({ name: 'reader', scopes: ['content:write'] })).token
  const admin = (await app.tokens.create({ name: 'admin', scopes: ['admin'] })).token
  const routes = [
    { method: 'GET' as const, url: '/v1/comments', ok: 200 },
    { method: 'GET' as const, url: `/v1/comments/${id}`, ok: 200 },
    { method: 'PATCH' as const, url: `/v1/comments/${id}`, payload: { status: 'approved' }, ok: 200 },
    { method: 'PATCH' as const, url: '/v1/comments', payload: { ids: [id], status: 'pending' }, ok: 200 },
    { method: 'DELETE' as const, url: `/v1/comments/${id}`, ok: 204 }
  ]
  for (const route of routes) {
    const none = await app.inject({ method: route.method, url: route.url, payload: route.payload })
    t.equal(none.statusCode, 401, `${route.method} ${route.url} without a token`)
    const wrong = await app.inject({ method: route.method, url: route.url, payload: route.payload, headers: { authorization: `Bearer ${reader}` } })
    t.equal(wrong.statusCode, 403, `${route.method} ${route.url} with content:write`)
    t.match(wrong.headers['www-authenticate'], /scope="comments:moderate"/)
    const ok = await app.inject({ method: route.method, url: route.url, payload: route.payload, headers: { authorization: `Bearer ${admin}` } })
    t.equal(ok.statusCode, route.ok, `${route.method} ${route.url} as admin`)
  }
})

t.test('commentCount leaves out approved replies under a hidden comment', async t => {
  const { app, auth, post } = await setup(t)
  const parent = await post(summitSlug, 'Parent.')
  await app.inject({ method: 'PATCH', url: `/v1/comments/${parent}`, headers: auth, payload: { status: 'approved' } })
  const reply = (await app.inject({ method: 'POST', url: `/v1/articles/${summitSlug}/comments`, payload: { name: 'Bo', email: 'bo@example.org', body: 'Reply.', parentId: parent } })).json().id as string
  await app.inject({ method: 'PATCH', url: `/v1/comments/${reply}`, headers: auth, payload: { status: 'approved' } })
  t.equal((await app.inject({ url: `/v1/articles/${summitSlug}` })).json().commentCount, 2)
  await app.inject({ method: 'PATCH', url: `/v1/comments/${parent}`, headers: auth, payload: { status: 'spam' } })
  t.same((await app.inject({ url: `/v1/articles/${summitSlug}/comments` })).json().data, [], 'the thread is gone from the page')
  t.equal((await app.inject({ url: `/v1/articles/${summitSlug}` })).json().commentCount, 0, 'and from the count')
})
