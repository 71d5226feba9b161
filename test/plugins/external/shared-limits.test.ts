import { randomInt } from 'node:crypto'
import { connect } from 'node:net'
import t from 'tap'
import { build } from '../../helper.js'

// Rate limits and the comment flood window across instances (issue 15): two apps,
// each on its own database, share only REDIS_URL, so whatever one refuses because of
// the other's requests can only have come through Redis.

const redisUrl = 'redis://127.0.0.1:6379'

const redisUp = await new Promise<boolean>(resolve => {
  const socket = connect(6379, '127.0.0.1')
  socket.once('connect', () => { socket.destroy(); resolve(true) })
  socket.once('error', () => resolve(false))
  setTimeout(() => { socket.destroy(); resolve(false) }, 1000).unref()
})
const skip = redisUp ? false : 'Redis is not running on 127.0.0.1:6379 (.ci/run starts it)'

/** An address no earlier run used, since Redis keeps counts between runs for their window. */
const freshIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`

const likeUrl = '/v1/articles/shared/likes'
const commentUrl = '/v1/articles/shared/comments'

/** An app (no seed: quicker) with one published article to like and comment on. */
async function instance (t: Parameters<typeof build>[0], env: Record<string, string>) {
  const app = await build(t, { SEED_ON_START: 'never', ...env })
  await app.articles.upsert({ slug: 'shared', title: 'Shared', body: 'Text.', status: 'published', publishedAt: '2020-01-01T00:00:00.000Z' }, 'test')
  return app
}

t.test('with REDIS_URL, two instances share one rate limit and one flood window', { skip }, async t => {
  // One TOKEN_SECRET, as every instance of a deployment has: the flood keys are keyed hashes under it.
  const env = { REDIS_URL: redisUrl, LIKES_PER_IP_PER_ARTICLE: '2', COMMENT_FLOOD_SECONDS: '60', TOKEN_SECRET: 'shared-limits-token-secret-0123456789abcdef' }
  const [one, two] = [await instance(t, env), await instance(t, env)]
  const ip = freshIp()
  const like = (app: typeof one, key: string) => app.inject({ method: 'POST', url: likeUrl, headers: { 'x-reader-key': key }, remoteAddress: ip })
  t.equal((await like(one, 'reader-key-a')).statusCode, 201)
  t.equal((await like(two, 'reader-key-b')).statusCode, 201)
  const third = await like(one, 'reader-key-c')
  t.equal(third.statusCode, 429, 'the third like from one IP is refused, though this instance saw only one before')
  t.match(third.headers['content-type'], /^application\/problem\+json/)

  const commenter = freshIp()
  const comment = (app: typeof one, email: string) => app.inject({ method: 'POST', url: commentUrl, remoteAddress: commenter, payload: { name: 'Reader', email, body: `A thought ${email}` } })
  t.equal((await comment(one, `first-${commenter}@example.com`)).statusCode, 201)
  const flood = await comment(two, `second-${commenter}@example.com`)
  t.equal(flood.statusCode, 429, 'the flood window holds on the other instance, whose database has no comment from this IP')
  t.ok(Number(flood.headers['retry-after']) > 0)
  t.match(flood.json().detail, /commenting too quickly/)
})

t.test('without REDIS_URL each instance counts on its own, as documented', async t => {
  const env = { LIKES_PER_IP_PER_ARTICLE: '2' }
  const [one, two] = [await instance(t, env), await instance(t, env)]
  const ip = freshIp()
  const like = (app: typeof one, key: string) => app.inject({ method: 'POST', url: likeUrl, headers: { 'x-reader-key': key }, remoteAddress: ip })
  t.equal((await like(one, 'reader-key-a')).statusCode, 201)
  t.equal((await like(two, 'reader-key-b')).statusCode, 201)
  t.equal((await like(one, 'reader-key-c')).statusCode, 201, 'this instance has seen two requests from the IP, within its limit')
  t.equal((await like(one, 'reader-key-d')).statusCode, 429, 'its own third is refused')
})

t.test('a REDIS_URL that cannot be reached stops the start naming it', async t => {
  await t.rejects(build(t, { REDIS_URL: 'redis://127.0.0.1:1' }), /Cannot reach Redis at 127\.0\.0\.1:1 \(REDIS_URL\)/)
})
