import t from 'tap'
import { build } from '../../../helper.js'

async function writer (t: Parameters<typeof build>[0]) {
  const app = await build(t, { SEED_ON_START: 'never' })
  const token = (await app.tokens.create({ name: 'desk', scopes: ['content:write', 'admin'] })).token
  return { app, auth: { authorization: `Bearer ${token}` } }
}

t.test('tags that make the same slug are refused with a 400 naming the tag', async t => {
  const { app, auth } = await writer(t)
  for (const [tags, pointer, named] of [[['Syria', 'syria'], '/tags/1', /"syria" is the same tag as "Syria"/], [['x', 'a b', 'a-b'], '/tags/2', /"a-b" is the same tag as "a b"/]] as const) {
    const res = await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { title: 'Tagged', body: 'Text.', tags } })
    t.equal(res.statusCode, 400)
    t.match(res.json(), { errors: [{ in: 'body', pointer, message: named }] })
  }
  t.equal(await app.prisma.article.count(), 0)
})

t.test('a tag with no letters or digits is refused', async t => {
  const { app, auth } = await writer(t)
  const res = await app.inject({ method: 'PUT', url: '/v1/articles/tagged', headers: auth, payload: { title: 'Tagged', body: 'Text.', tags: ['ok', '!!!'] } })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { errors: [{ pointer: '/tags/1', message: /"!!!" has no letters or digits/ }] })
  t.equal(await app.prisma.tag.count({ where: { slug: '' } }), 0)
})

t.test('a bundle with colliding tags names the article and the tag', async t => {
  const { app, auth } = await writer(t)
  const res = await app.inject({ method: 'POST', url: '/v1/import', headers: auth, payload: { format: 'dateline-bundle', version: 1, articles: [{ slug: 'one', title: 'One', body: 'Text.', status: 'draft', tags: ['Idlib', 'IDLIB'] }] } })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { errors: [{ pointer: '/articles/0/tags/1' }] })
})

t.test('a 409 names the field and the other record', async t => {
  const { app, auth } = await writer(t)
  const res = await app.inject({ method: 'POST', url: '/v1/tokens', headers: auth, payload: { name: 'desk', scopes: ['content:read'] } })
  t.equal(res.statusCode, 409)
  t.match(res.json(), { detail: 'Another API token already has name "desk".', errors: [{ pointer: '/name' }] })
})
