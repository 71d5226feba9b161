import t from 'tap'
import { buildWatched, summitSlug } from '../../helper.js'

const url = `/v1/articles/${summitSlug}/comments`
const ada = { name: 'Ada', email: 'ada@example.org', body: 'A careful, sourced report.' }

t.test('IPs are stored only as keyed hashes, erased after the retention period', async t => {
  const app = await buildWatched(t, { COMMENT_FLOOD_SECONDS: '0', COMMENT_IP_RETENTION_DAYS: '30' })
  const old = (await app.inject({ method: 'POST', url, payload: ada, remoteAddress: '203.0.113.5' })).json()
  const row = await app.prisma.comment.findUniqueOrThrow({ where: { id: old.id } })
  t.ok(row.ipHash)
  t.notMatch(JSON.stringify(row), /203\.0\.113\.5/, 'the IP itself is nowhere in the row')
  await app.prisma.comment.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 31 * 86_400_000) } })
  const recent = (await app.inject({ method: 'POST', url, payload: { ...ada, body: 'Later.' }, remoteAddress: '203.0.113.5' })).json()
  t.equal(await app.privacy.purgeExpiredIps(), 1, 'purge erases the expired hash')
  t.equal((await app.prisma.comment.findUniqueOrThrow({ where: { id: old.id } })).ipHash, null)
  t.ok((await app.prisma.comment.findUniqueOrThrow({ where: { id: recent.id } })).ipHash, 'a recent hash stays')
})

t.test('a new comment purges expired IP hashes, with no job runner', async t => {
  const app = await buildWatched(t, { COMMENT_FLOOD_SECONDS: '0', COMMENT_IP_RETENTION_DAYS: '1' })
  const old = (await app.inject({ method: 'POST', url, payload: ada })).json()
  await app.prisma.comment.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 2 * 86_400_000) } })
  await app.privacy.purgeIfDue(new Date(Date.now() + 120_000)) // the last purge was at start; one is due a minute later
  t.equal((await app.prisma.comment.findUniqueOrThrow({ where: { id: old.id } })).ipHash, null)
})

t.test('an admin exports and erases the comment data of one email', async t => {
  const app = await buildWatched(t, { COMMENT_FLOOD_SECONDS: '0' })
  const admin = { authorization: `Bearer ${(await app.tokens.create({ name: 'admin', scopes: ['admin'] })).token}` }
  const mod = { authorization: `Bearer ${(await app.tokens.create({ name: 'mod', scopes: ['comments:moderate'] })).token}` }
  const post = async (payload: object) => (await app.inject({ method: 'POST', url, payload: { ...ada, ...payload } })).json().id as string
  const parent = await post({ body: 'Replied to.' })
  const lone = await post({ body: 'Alone.' })
  await app.inject({ method: 'PATCH', url: '/v1/comments', headers: mod, payload: { ids: [parent], status: 'approved' } })
  const reply = await post({ email: 'bo@example.org', name: 'Bo', body: 'A reply.', parentId: parent })
  await app.inject({ method: 'PATCH', url: '/v1/comments', headers: mod, payload: { ids: [reply], status: 'approved' } })

  const exported = await app.inject({ method: 'POST', url: '/v1/privacy/comments/export', headers: admin, payload: { email: 'ADA@example.org' } })
  t.equal(exported.statusCode, 200)
  t.equal(exported.headers['cache-control'], 'no-store')
  t.same(exported.json().comments.map((c: { id: string }) => c.id), [parent, lone])
  t.equal(exported.json().ipHashesHeld, 2)
  t.notMatch(exported.body, /ipHash"|example\.org/, 'neither the email nor the hashes are in the export')

  const erased = await app.inject({ method: 'POST', url: '/v1/privacy/comments/erase', headers: admin, payload: { email: 'ada@example.org' } })
  t.equal(erased.statusCode, 200)
  t.same(erased.json(), { deleted: 1, anonymized: 1 })
  t.same((await app.inject({ method: 'POST', url: '/v1/privacy/comments/export', headers: admin, payload: { email: 'ada@example.org' } })).json().comments, [])
  t.equal(await app.prisma.comment.count({ where: { authorEmail: 'ada@example.org' } }), 0, 'the email is gone from the database')
  const thread = (await app.inject({ url })).json().data
  t.match(thread, [{ id: parent, authorName: '[erased]', website: null, body: /erased/, replies: [{ id: reply, body: 'A reply.' }] }], "Bo's reply keeps its place")

  t.equal((await app.inject({ method: 'POST', url: '/v1/privacy/comments/export', headers: mod, payload: { email: 'bo@example.org' } })).statusCode, 403, 'needs admin')
  t.equal((await app.inject({ method: 'POST', url: '/v1/privacy/comments/erase', payload: { email: 'bo@example.org' } })).statusCode, 401)
  const bad = await app.inject({ method: 'POST', url: '/v1/privacy/comments/export', headers: admin, payload: { email: 'not-an-email' } })
  t.equal(bad.statusCode, 400)
  t.notMatch(bad.body, /not-an-email/)
})
