import t from 'tap'
import { buildWatched, summitSlug } from '../../helper.js'

const url = `/v1/articles/${summitSlug}/likes`

t.test('one like per reader: by reader key, else by IP; liking again changes nothing', async t => {
  const app = await buildWatched(t)
  const like = (headers: Record<string, string> = {}, remoteAddress = '192.0.2.1') => app.inject({ method: 'POST', url, headers, remoteAddress })
  const first = await like()
  t.equal(first.statusCode, 201)
  t.same(first.json(), { liked: true, likeCount: 1 })
  const again = await like()
  t.equal(again.statusCode, 200)
  t.same(again.json(), { liked: true, likeCount: 1 }, 'idempotent')
  t.equal((await like({}, '192.0.2.2')).json().likeCount, 2, 'another IP is another reader')
  t.equal((await like({ 'x-reader-key': 'browser-key-1' })).statusCode, 201, 'a reader key is its own reader')
  t.equal((await like({ 'x-reader-key': 'browser-key-1' }, '198.51.100.7')).statusCode, 200, 'the same key from another IP is the same reader')
  t.equal((await app.inject({ url: `/v1/articles/${summitSlug}` })).json().likeCount, 3)
  t.equal((await app.inject({ url: '/v1/articles' })).json().data[0].likeCount, 3)

  const rows = await app.prisma.like.findMany()
  t.notMatch(JSON.stringify(rows), /192\.0\.2|browser-key/, 'neither IPs nor keys are stored, only keyed hashes')
  t.equal((await like({ 'x-reader-key': 'short' })).statusCode, 400, 'a reader key is at least 8 characters')
})

t.test('likes on unknown or unpublished articles are 404', async t => {
  const app = await buildWatched(t)
  await app.articles.upsert({ slug: 'a-draft', title: 'Draft', body: 'Text.', status: 'draft' }, 'test')
  t.equal((await app.inject({ method: 'POST', url: '/v1/articles/a-draft/likes' })).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: '/v1/articles/nothing-here/likes' })).statusCode, 404)
})

t.test('many reader keys from one IP cannot inflate likes: LIKES_PER_IP_PER_ARTICLE bounds them', async t => {
  const app = await buildWatched(t, { LIKES_PER_IP_PER_ARTICLE: '3' })
  const like = (key: string, remoteAddress = '192.0.2.9', slug = summitSlug) =>
    app.inject({ method: 'POST', url: `/v1/articles/${slug}/likes`, headers: { 'x-reader-key': key }, remoteAddress })
  for (let i = 0; i < 3; i++) t.equal((await like(`fresh-key-${i}`)).statusCode, 201)
  const refused = await like('fresh-key-3')
  t.equal(refused.statusCode, 429, 'the fourth new key from the same IP is refused')
  t.match(refused.headers['content-type'], /^application\/problem\+json/)
  t.ok(Number(refused.headers['retry-after']) > 0, 'Retry-After says how long to wait')
  t.equal((await app.inject({ url: `/v1/articles/${summitSlug}` })).json().likeCount, 3, 'only the allowed likes counted')

  t.equal((await like('fresh-key-3', '192.0.2.10')).statusCode, 201, 'another IP still likes')
  await app.articles.upsert({ slug: 'second', title: 'Second', body: 'Text.', status: 'published', publishedAt: '2020-01-01T00:00:00.000Z' }, 'test')
  t.equal((await like('fresh-key-0', '192.0.2.9', 'second')).statusCode, 201, 'the bound is per article')
  t.equal((await like('fresh-key-0', '192.0.2.9', 'second')).statusCode, 200, 'a key counts once per article')
})
