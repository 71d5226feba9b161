import { Writable } from 'node:stream'
import t from 'tap'
import { buildApp } from '../../../src/app.js'
import { redactPaths } from '../../../src/logger.js'
import { build, testConfig } from '../../helper.js'

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
