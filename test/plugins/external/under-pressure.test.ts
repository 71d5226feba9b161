import t from 'tap'
import { build, summitSlug } from '../../helper.js'
import { eventually } from '../../webhook-receiver.js'

// Overload (issue 15, "The suite"): when the event loop lags past MAX_EVENT_LOOP_DELAY_MS
// the server sheds anonymous requests with a 503 problem and Retry-After instead of
// letting every request slow down, lets token-bearing writes through, and serves
// again by itself once the lag is gone. The lag is made for real: the test blocks the
// event loop it shares with the app.

/** Keeps the event loop busy for `ms` (what a CPU-bound request would do). */
function block (ms: number) {
  const until = Date.now() + ms
  while (Date.now() < until) { /* busy */ }
}

t.test('an event loop lag sheds anonymous requests with a 503 problem and Retry-After; token writes pass; it recovers', async t => {
  const app = await build(t, { MAX_EVENT_LOOP_DELAY_MS: '20' })
  const token = (await app.tokens.create({ name: 'writer', scopes: ['content:write'] })).token
  await app.ready()

  block(1500)
  // under-pressure measures the lag once a second: wait for it to have seen this one.
  await eventually(() => app.isUnderPressure(), 'the lag to be measured', 10_000)
  const [read, comment, write] = await Promise.all([
    app.inject({ url: `/v1/articles/${summitSlug}` }),
    app.inject({ method: 'POST', url: `/v1/articles/${summitSlug}/comments`, payload: { name: 'Reader', email: 'shed@example.com', body: 'Shed?' } }),
    app.inject({ method: 'POST', url: '/v1/articles', headers: { authorization: `Bearer ${token}` }, payload: { slug: 'written-under-pressure', title: 'Under pressure', body: 'Text.', status: 'draft' } })
  ])
  for (const [what, res] of [['a public read', read], ['an anonymous comment', comment]] as const) {
    t.equal(res.statusCode, 503, `${what} is shed`)
    t.equal(res.headers['retry-after'], '5', `${what}: Retry-After`)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.ok(res.headers['x-request-id'], `${what}: X-Request-Id`)
    t.match(res.json(), { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: /overloaded/, requestId: String })
  }
  t.notMatch(comment.body, 'shed@example.com', 'no email in the answer')
  t.equal(write.statusCode, 201, 'a token-bearing write is let through')

  // With the loop idle again the next measurement clears it: no restart needed.
  await eventually(() => !app.isUnderPressure(), 'the lag to clear', 30_000)
  t.equal((await app.inject({ url: `/v1/articles/${summitSlug}` })).statusCode, 200, 'reads are served again')
})
