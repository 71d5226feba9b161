import t from 'tap'
import { buildWatched, summitSlug } from '../../helper.js'

const url = `/v1/articles/${summitSlug}/comments`
const ada = { name: 'Ada', email: 'ada@example.org', body: 'A careful, sourced report.' }

async function verdictOf (app: Awaited<ReturnType<typeof buildWatched>>, id: string) {
  const token = (await app.tokens.create({ name: `mod-${id}`, scopes: ['comments:moderate'] })).token
  return (await app.inject({ url: `/v1/comments/${id}`, headers: { authorization: `Bearer ${token}` } })).json()
}

t.test('a filled honeypot is spam, but the commenter is only told it is held', async t => {
  const app = await buildWatched(t, { COMMENT_FLOOD_SECONDS: '0' })
  const res = await app.inject({ method: 'POST', url, payload: { ...ada, honeypot: 'http://buy.example' } })
  t.equal(res.statusCode, 201)
  t.match(res.json(), { moderation: 'held' })
  const comment = await verdictOf(app, res.json().id)
  t.match(comment, { status: 'spam', spamCheck: { verdict: 'spam', reasons: ['honeypot field filled in'] } })
  t.same((await app.inject({ url })).json().data, [])
})

t.test('too many links hold a comment, even from a known author; blocklisted words make it spam', async t => {
  const app = await buildWatched(t, { COMMENT_FLOOD_SECONDS: '0', COMMENT_MAX_LINKS: '1', COMMENT_BLOCKLIST: 'casino, cheap pills' })
  const first = (await app.inject({ method: 'POST', url, payload: ada })).json()
  await app.prisma.comment.update({ where: { id: first.id }, data: { status: 'approved' } })

  const links = (await app.inject({ method: 'POST', url, payload: { ...ada, body: 'See https://a.example and www.b.example' } })).json()
  t.equal(links.moderation, 'held')
  t.match(await verdictOf(app, links.id), { status: 'pending', spamCheck: { verdict: 'hold', reasons: ['too many links (2, at most 1)'] } })

  const oneLink = (await app.inject({ method: 'POST', url, payload: { ...ada, body: 'See https://a.example' } })).json()
  t.equal(oneLink.moderation, 'published', 'one link is allowed')

  const blocked = (await app.inject({ method: 'POST', url, payload: { ...ada, body: 'Best CASINO odds here' } })).json()
  t.equal(blocked.moderation, 'held')
  t.match(await verdictOf(app, blocked.id), { status: 'spam', spamCheck: { verdict: 'spam', reasons: ['blocklisted word "casino"'] } })

  const inName = (await app.inject({ method: 'POST', url, payload: { ...ada, name: 'Cheap Pills', body: 'Hello.' } })).json()
  t.match(await verdictOf(app, inName.id), { status: 'spam', spamCheck: { reasons: ['blocklisted word "cheap pills"'] } })
})

t.test('the same comment twice is a 409', async t => {
  const app = await buildWatched(t, { COMMENT_FLOOD_SECONDS: '0' })
  t.equal((await app.inject({ method: 'POST', url, payload: ada })).statusCode, 201)
  const again = await app.inject({ method: 'POST', url, payload: { ...ada, email: 'ADA@example.org', body: `  ${ada.body} ` } })
  t.equal(again.statusCode, 409)
  t.match(again.json(), { status: 409, detail: /already posted/ })
  t.equal((await app.inject({ method: 'POST', url, payload: { ...ada, email: 'bo@example.org' } })).statusCode, 201, 'another author may say the same')
})

t.test('a flood from the same IP or the same email is a 429 with Retry-After', async t => {
  const app = await buildWatched(t, { COMMENT_FLOOD_SECONDS: '15' })
  const post = (payload: object, remoteAddress: string) => app.inject({ method: 'POST', url, payload, remoteAddress })
  t.equal((await post(ada, '192.0.2.1')).statusCode, 201)

  const sameIp = await post({ ...ada, email: 'bo@example.org', body: 'Other text.' }, '192.0.2.1')
  t.equal(sameIp.statusCode, 429)
  t.match(sameIp.headers['content-type'], /^application\/problem\+json/)
  const wait = Number(sameIp.headers['retry-after'])
  t.ok(wait >= 14 && wait <= 15, `Retry-After ${wait} s`)
  t.match(sameIp.json(), { status: 429, detail: /too quickly/ })

  const sameEmail = await post({ ...ada, body: 'Other text.' }, '192.0.2.2')
  t.equal(sameEmail.statusCode, 429)
  t.ok(sameEmail.headers['retry-after'])

  t.equal((await post({ ...ada, email: 'bo@example.org', body: 'Other text.' }, '192.0.2.3')).statusCode, 201, 'someone else may comment')

  // Fifteen seconds later the window has passed.
  await app.prisma.comment.updateMany({ data: { createdAt: new Date(Date.now() - 16_000) } })
  t.equal((await post({ ...ada, body: 'Later.' }, '192.0.2.1')).statusCode, 201)
})

t.test('public writes are rate limited per client', async t => {
  const app = await buildWatched(t, { PUBLIC_WRITE_RATE_LIMIT: '3', COMMENT_FLOOD_SECONDS: '0' })
  for (let i = 0; i < 3; i++) t.equal((await app.inject({ method: 'POST', url: `/v1/articles/${summitSlug}/likes` })).statusCode, i === 0 ? 201 : 200)
  const limited = await app.inject({ method: 'POST', url: `/v1/articles/${summitSlug}/likes` })
  t.equal(limited.statusCode, 429)
  t.match(limited.headers['content-type'], /^application\/problem\+json/)
  t.ok(Number(limited.headers['retry-after']) > 0)
  for (let i = 0; i < 3; i++) t.equal((await app.inject({ method: 'POST', url, payload: { ...ada, body: `Comment ${i}` } })).statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url, payload: ada })).statusCode, 429, 'the comment form is limited too')
  t.equal((await app.inject({ method: 'POST', url, payload: ada, remoteAddress: '192.0.2.9' })).statusCode, 201, 'another client is not limited')
  t.equal((await app.inject({ url })).statusCode, 200, 'reads are not limited')
})
