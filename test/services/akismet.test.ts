import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { buildWatched, summitSlug } from '../helper.js'

const url = `/v1/articles/${summitSlug}/comments`
const ada = { name: 'Ada', email: 'ada@example.org', body: 'A careful, sourced report.' }

/** An Akismet stand-in on 127.0.0.1: records every call and answers as `respond` says. */
async function stubAkismet (t: Parameters<typeof buildWatched>[0]) {
  const calls: Array<{ path: string, form: URLSearchParams }> = []
  const stub = {
    calls,
    respond: (_path: string, res: ServerResponse) => { res.end('false') },
    url: ''
  }
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', chunk => { body += chunk })
    req.on('end', () => {
      calls.push({ path: req.url ?? '', form: new URLSearchParams(body) })
      stub.respond(req.url ?? '', res)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.closeAllConnections(); server.close() })
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return stub
}

async function withAkismet (t: Parameters<typeof buildWatched>[0], env: Record<string, string> = {}) {
  const stub = await stubAkismet(t)
  const app = await buildWatched(t, {
    COMMENT_FLOOD_SECONDS: '0', AKISMET_KEY: 'test-key', AKISMET_URL: stub.url, AKISMET_SITE: 'https://news.example', AKISMET_TIMEOUT_MS: '300', ...env
  })
  const mod = { authorization: `Bearer ${(await app.tokens.create({ name: 'mod', scopes: ['comments:moderate'] })).token}` }
  const verdict = async (id: string) => (await app.inject({ url: `/v1/comments/${id}`, headers: mod })).json()
  return { app, stub, mod, verdict }
}

t.test('each new comment is checked with comment-check; spam is stored as spam', async t => {
  const { app, stub, verdict } = await withAkismet(t)
  stub.respond = (_path, res) => { res.end('true') }
  const res = await app.inject({ method: 'POST', url, payload: { ...ada, website: 'https://ada.example.org' }, remoteAddress: '203.0.113.9', headers: { 'user-agent': 'Test/1.0' } })
  t.equal(res.statusCode, 201)
  t.equal(res.json().moderation, 'held')
  t.equal(stub.calls.length, 1)
  const { path, form } = stub.calls[0]
  t.equal(path, '/1.1/comment-check')
  t.match(Object.fromEntries(form), {
    api_key: 'test-key', blog: 'https://news.example', comment_type: 'comment', comment_author: 'Ada',
    comment_author_email: 'ada@example.org', comment_author_url: 'https://ada.example.org', comment_content: ada.body,
    user_ip: '203.0.113.9', user_agent: 'Test/1.0'
  })
  t.match(await verdict(res.json().id), { status: 'spam', spamCheck: { verdict: 'spam', akismet: 'spam', reasons: ['Akismet: spam'] } })
})

t.test('ham from Akismet lets the moderation policy decide', async t => {
  const { app, verdict } = await withAkismet(t)
  const first = (await app.inject({ method: 'POST', url, payload: ada })).json()
  t.match(await verdict(first.id), { status: 'pending', spamCheck: { verdict: 'pass', akismet: 'ham' } })
  await app.prisma.comment.update({ where: { id: first.id }, data: { status: 'approved' } })
  t.equal((await app.inject({ method: 'POST', url, payload: { ...ada, body: 'Again.' } })).json().moderation, 'published')
})

t.test('when Akismet hangs or fails, the comment is held, never published', async t => {
  const { app, stub, verdict } = await withAkismet(t)
  const first = (await app.inject({ method: 'POST', url, payload: ada })).json()
  await app.prisma.comment.update({ where: { id: first.id }, data: { status: 'approved' } })

  stub.respond = () => { /* never answers */ }
  const started = Date.now()
  const hung = await app.inject({ method: 'POST', url, payload: { ...ada, body: 'During an outage.' } })
  t.ok(Date.now() - started < 3000, 'the timeout cuts the wait short')
  t.equal(hung.statusCode, 201)
  t.equal(hung.json().moderation, 'held', 'a known author is held when Akismet does not answer')
  t.match(await verdict(hung.json().id), { status: 'pending', spamCheck: { verdict: 'hold', akismet: 'error', reasons: [/Akismet did not answer/] } })

  stub.respond = (_path, res) => { res.statusCode = 500; res.end('oops') }
  t.equal((await app.inject({ method: 'POST', url, payload: { ...ada, body: 'Another outage.' } })).json().moderation, 'held')

  stub.respond = (_path, res) => { res.setHeader('x-akismet-debug-help', 'bad key'); res.end('invalid') }
  t.equal((await app.inject({ method: 'POST', url, payload: { ...ada, body: 'A bad key.' } })).json().moderation, 'held')
})

t.test('a moderator correcting a verdict reports submit-spam or submit-ham', async t => {
  const { app, stub, mod, verdict } = await withAkismet(t)
  const id = (await app.inject({ method: 'POST', url, payload: ada })).json().id
  await app.inject({ method: 'PATCH', url: `/v1/comments/${id}`, headers: mod, payload: { status: 'spam' } })
  t.equal(stub.calls.at(-1)?.path, '/1.1/submit-spam')
  t.match(Object.fromEntries(stub.calls.at(-1)?.form ?? []), { api_key: 'test-key', comment_author_email: 'ada@example.org', comment_content: ada.body })
  await app.inject({ method: 'PATCH', url: '/v1/comments', headers: mod, payload: { ids: [id], status: 'approved' } })
  t.equal(stub.calls.at(-1)?.path, '/1.1/submit-ham')
  t.match((await verdict(id)).spamCheck.reasons, ['policy: first comment from this author is held for a moderator', 'mod changed pending to spam', 'reported to Akismet as spam', 'mod changed spam to approved', 'reported to Akismet as ham'])

  const calls = stub.calls.length
  await app.inject({ method: 'PATCH', url: `/v1/comments/${id}`, headers: mod, payload: { status: 'trash' } })
  t.equal(stub.calls.length, calls, 'approved to trash is no verdict correction')

  stub.respond = () => { /* hangs */ }
  const res = await app.inject({ method: 'PATCH', url: `/v1/comments/${id}`, headers: mod, payload: { status: 'spam' } })
  t.equal(res.statusCode, 200, 'a failing report does not fail the moderation')
  t.match(res.json().spamCheck.reasons.at(-1), 'could not report to Akismet as spam')
})

t.test('without a key, Akismet is never called', async t => {
  const stub = await stubAkismet(t)
  const app = await buildWatched(t, { COMMENT_FLOOD_SECONDS: '0', AKISMET_URL: stub.url })
  t.equal((await app.inject({ method: 'POST', url, payload: ada })).statusCode, 201)
  t.equal(stub.calls.length, 0)
})
