import { Writable } from 'node:stream'
import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { maskEmails, redactPaths } from '../../../src/logger.js'
import { build, buildWatched, summitSlug, testConfig } from '../../helper.js'

function logCapture () {
  const lines: Array<Record<string, unknown>> = []
  const stream = new Writable({ write (chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done() } })
  return { lines, logger: { level: 'info', stream, redact: { paths: redactPaths, censor: '[redacted]' } } }
}

t.test('a failure inside is a 500 that shows no internals, with the request id in the answer and the log', async t => {
  const { lines, logger } = logCapture()
  const app = await buildApp(testConfig(t), logger)
  t.teardown(() => app.close())
  app.articles.listPublic = async () => { throw new Error('SQLITE_ERROR: no such column: "Article"."secret" at /srv/app/x.js:1') }
  const res = await app.inject({ url: '/v1/articles', headers: { 'x-request-id': 'trace-12345678' } })
  t.equal(res.statusCode, 500)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.equal(res.headers['x-request-id'], 'trace-12345678', 'a sane caller request id is kept')
  t.same(Object.keys(res.json()).sort(), ['detail', 'instance', 'requestId', 'status', 'title', 'type'])
  t.equal(res.json().requestId, 'trace-12345678')
  t.notMatch(res.body, /SQLITE|secret|srv|stack/i)
  const logged = lines.find(l => l.msg === 'request failed')
  t.ok(logged, 'the error is logged')
  t.equal(logged?.requestId, 'trace-12345678')
  t.match(JSON.stringify(logged?.err), /no such column/, 'with its cause')
})

t.test('an unusable caller request id is replaced', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  const res = await app.inject({ url: '/health', headers: { 'x-request-id': 'bad id\twith spaces' } })
  t.match(res.headers['x-request-id'], /^[0-9a-f-]{36}$/)
})

t.test('an unknown route is a problem+json 404', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  const res = await app.inject({ url: '/v2/articles' })
  t.equal(res.statusCode, 404)
  t.match(res.json(), { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No route GET /v2/articles.', requestId: String })
})

t.test('the Authorization header never reaches the log', async t => {
  const { lines, logger } = logCapture()
  const app = await buildApp(testConfig(t, { SEED_ON_START: 'never' }), logger)
  t.teardown(() => app.close())
  app.log.info({ req: { headers: { authorization: 'Bearer dl_secret_token' } }, token: 'dl_secret_token' }, 'probe')
  await app.inject({ url: '/v1/articles', headers: { authorization: 'Bearer dl_secret_token' } })
  t.notMatch(JSON.stringify(lines), /dl_secret_token/)
  t.ok(lines.some(l => l.msg === 'probe'))
})

t.test('every validation problem carries the same type and title, from a schema or from a service', async t => {
  const app = await build(t)
  const fromSchema = (await app.inject({ url: '/v1/articles?limit=0' })).json()
  const fromService = (await app.inject({ url: '/v1/articles?cursor=bogus' })).json()
  t.match(fromSchema, { type: 'urn:dateline:problem:validation', title: 'Invalid request', errors: [{ pointer: '/limit' }] })
  t.match(fromService, { type: 'urn:dateline:problem:validation', title: 'Invalid request', errors: [{ pointer: '/cursor' }] })
})

t.test('an email typed into a URL reaches neither the access log nor the answer', async t => {
  const app = await buildWatched(t, { COMMENT_FLOOD_SECONDS: '0' })
  const posted = await app.inject({ method: 'POST', url: `/v1/articles/${summitSlug}/comments`, payload: { name: 'Ada', email: 'Ada.L+news@example.org', body: 'One.' } })
  t.equal(posted.statusCode, 201)
  const token = (await app.tokens.create({ name: 'mod', scopes: ['comments:moderate'] })).token
  const auth = { authorization: `Bearer ${token}` }
  for (const url of [
    '/v1/comments?filter[authorEmail]=Ada.L%2Bnews@example.org',
    '/v1/comments?filter%5BauthorEmail%5D=ada.l%2Bnews%40example.org',
    '/v1/comments?filter[Ada.L+news@example.org]=x',
    '/v1/comments?fields=id,ada.l+news@example.org',
    '/v1/comments?filter[status][in]=pending,ada.l+news@example.org',
    '/v1/entities/ada.l+news@example.org',
    '/v2/ada.l+news@example.org'
  ]) {
    const res = await app.inject({ url, headers: auth })
    t.ok(res.statusCode === 400 || res.statusCode === 404, `${url}: ${res.statusCode}`)
    t.notMatch(res.body, /example\.org/i, `${url}: not in the answer`)
  }
  const logged = app.watchedLines.filter(line => line.includes('incoming request'))
  t.ok(logged.some(line => line.includes('filter[authorEmail]=[redacted]')), 'the access log keeps the URL, the address masked')
  t.notOk(app.watchedLines.some(line => /ada\.l(\+|%2B)news(@|%40)example\.org/i.test(line)), 'no log line or answer holds the address')
  // buildWatched fails the test at teardown too if the stored address shows anywhere.
  t.equal(maskEmails('to ada@example.org, bo%40example.org; /v1/x?e=cy@example.org&z=1'), 'to [redacted], [redacted]; /v1/x?e=[redacted]&z=1')
  t.equal(maskEmails('/v1/comments?filter[status]=pending&sort=-createdAt'), '/v1/comments?filter[status]=pending&sort=-createdAt', 'nothing else changes')
})

t.test('JSON bodies are taken as sent, never type-coerced; query strings still are', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  const root = await app.tokens.create({ name: 'root', scopes: ['admin', 'content:write'] })
  const auth = { authorization: `Bearer ${root.token}` }
  const article = await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { title: 12345, body: true, commentsOpen: 'false', tags: 'x' } })
  t.equal(article.statusCode, 400)
  t.same(article.json().errors.map((e: { pointer: string }) => e.pointer).sort(), ['/body', '/commentsOpen', '/tags', '/title'])
  t.equal(await app.prisma.article.count(), 0, 'nothing stored')
  const token = await app.inject({ method: 'POST', url: '/v1/tokens', headers: auth, payload: { name: 'x', scopes: 'admin' } })
  t.match(token.json(), { status: 400, errors: [{ pointer: '/scopes' }] })
  const list = await app.inject('/v1/articles?limit=2')
  t.equal(list.statusCode, 200, 'a number from the query string')
})
