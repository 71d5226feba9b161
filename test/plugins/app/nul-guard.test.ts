import t from 'tap'
import { build, summitSlug } from '../../helper.js'

t.test('a NUL character in any string is a 400 naming the field, on both databases', async t => {
  const app = await build(t)
  const writer = await app.tokens.create({ name: 'w', scopes: ['content:write', 'content:read'] })
  const auth = { authorization: `Bearer ${writer.token}` }
  const cases = [
    { request: { url: '/v1/articles?q=iran%00' }, where: 'query', pointer: '/q' },
    { request: { url: '/v1/entities?q=%00' }, where: 'query', pointer: '/q' },
    { request: { method: 'POST' as const, url: `/v1/articles/${summitSlug}/comments`, payload: { name: 'Ann', email: 'ann@example.com', body: 'Hello\u0000there' } }, where: 'body', pointer: '/body' },
    { request: { method: 'POST' as const, url: '/v1/articles', headers: auth, payload: { title: 'Nul', body: 'Text.', tags: ['ok', 'b\u0000d'] } }, where: 'body', pointer: '/tags/1' }
  ]
  for (const { request, where, pointer } of cases) {
    const res = await app.inject(request)
    t.equal(res.statusCode, 400, request.url)
    t.match(res.json(), { status: 400, errors: [{ in: where, pointer, message: /NUL/ }] })
  }
  t.equal(await app.prisma.article.count({ where: { slug: 'nul' } }), 0)
})

t.test('an integer path parameter out of the database range is a 400, not a 500', async t => {
  const app = await build(t)
  const reader = await app.tokens.create({ name: 'r', scopes: ['content:read'] })
  const res = await app.inject({ url: `/v1/articles/${summitSlug}/revisions/2147483648`, headers: { authorization: `Bearer ${reader.token}` } })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { errors: [{ in: 'path', pointer: '/version' }] })
  const last = await app.inject({ url: `/v1/articles/${summitSlug}/revisions/2147483647`, headers: { authorization: `Bearer ${reader.token}` } })
  t.equal(last.statusCode, 404)
})

t.test('a lone UTF-16 surrogate in any string is a 400 naming the field, not a 500', async t => {
  const app = await build(t)
  const admin = await app.tokens.create({ name: 'a', scopes: ['admin'] })
  const auth = { authorization: `Bearer ${admin.token}` }
  const cases = [
    { request: { method: 'POST' as const, url: '/v1/candidates', headers: auth, payload: { name: '\ud800', kind: 'person' } }, where: 'body', pointer: '/name' },
    { request: { method: 'POST' as const, url: '/v1/candidates', headers: auth, payload: { name: 'x\udfff', kind: 'person' } }, where: 'body', pointer: '/name' },
    { request: { method: 'POST' as const, url: `/v1/articles/${summitSlug}/comments`, payload: { name: 'Ann', email: 'ann@example.com', body: 'Hi \ud83d there' } }, where: 'body', pointer: '/body' }
  ]
  for (const { request, where, pointer } of cases) {
    const res = await app.inject(request)
    t.equal(res.statusCode, 400, JSON.stringify(request.payload))
    t.match(res.json(), { status: 400, errors: [{ in: where, pointer, message: /surrogate/ }] })
  }
  // A whole pair (an emoji) is ordinary text.
  const emoji = await app.inject({ method: 'POST', url: '/v1/candidates', headers: auth, payload: { name: 'Ann 😀', kind: 'person' } })
  t.equal(emoji.statusCode, 404)
})
