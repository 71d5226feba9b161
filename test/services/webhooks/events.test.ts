import t from 'tap'
import { matches, unknownPattern } from '../../../src/services/webhooks/events.js'
import { backoff } from '../../../src/services/webhooks/worker.js'

t.test('event filters: exact types, resource wildcards and *; webhook.* never delivered', async t => {
  t.ok(matches(['article.published'], 'article.published'))
  t.notOk(matches(['article.published'], 'article.updated'))
  t.ok(matches(['article.*'], 'article.deleted'))
  t.notOk(matches(['article.*'], 'entity.created'))
  t.ok(matches(['*'], 'comment.approved'))
  t.notOk(matches(['*'], 'webhook.created'), 'subscriptions are not content')
  t.equal(unknownPattern(['*', 'article.*', 'comment.spam', 'like.created']), undefined)
  t.equal(unknownPattern(['article.*', 'article.exploded']), 'article.exploded')
  t.equal(unknownPattern(['webhook.*']), 'webhook.*')
})

t.test('backoff doubles from the base, with jitter between half and all of it, capped at six hours', async t => {
  t.equal(backoff(1000, 1, () => 1), 1000)
  t.equal(backoff(1000, 1, () => 0), 500)
  t.equal(backoff(1000, 4, () => 1), 8000)
  t.equal(backoff(1000, 4, () => 0), 4000)
  t.equal(backoff(1000, 40, () => 1), 6 * 60 * 60 * 1000)
  const delays = new Set(Array.from({ length: 20 }, () => backoff(1000, 3)))
  t.ok(delays.size > 1, 'retries of different deliveries spread out')
  t.ok([...delays].every(d => d >= 2000 && d <= 4000))
})
