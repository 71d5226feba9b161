import t from 'tap'
import { build } from '../../helper.js'

t.test('unregistered speakers: kept on their quotes, listed as candidates, accepted as entities with their quotes', async t => {
  const app = await build(t)
  const token = (await app.tokens.create({ name: 'desk', scopes: ['content:read', 'content:write'] })).token
  const headers = { authorization: `Bearer ${token}` }
  const body = '“The deadlines are being respected by everyone,” said Kremlin spokesman Dmitry Peskov.\n\nPutin stayed in Moscow. “Nobody is in a hurry to meet anyone,” Dmitry Peskov told reporters.'
  t.equal((await app.inject({ method: 'POST', url: '/v1/articles', headers, payload: { title: 'Kremlin waits', slug: 'kremlin-waits', body, status: 'published' } })).statusCode, 201)

  const analyzed = (await app.inject({ method: 'POST', url: '/v1/articles/kremlin-waits/analyze', headers })).json()
  t.match(analyzed.quotes, [{ speaker: null, speakerName: 'Dmitry Peskov', speakerRole: 'Kremlin spokesman' }, { speaker: null, speakerName: 'Dmitry Peskov' }])
  t.match(analyzed.candidates, [{ name: 'Dmitry Peskov', speaker: true, role: 'Kremlin spokesman', count: 2 }])

  t.equal((await app.inject({ url: '/v1/candidates' })).statusCode, 401, 'editors only')
  t.same((await app.inject({ url: '/v1/candidates', headers })).json(), {
    data: [{ name: 'Dmitry Peskov', role: 'Kremlin spokesman', quotes: 2, articles: ['kremlin-waits'] }]
  })

  const bad = await app.inject({ method: 'POST', url: '/v1/candidates', headers, payload: { name: 'Dmitry Peskov', kind: 'country' } })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { errors: [{ pointer: '/kind' }] })
  t.equal((await app.inject({ method: 'POST', url: '/v1/candidates', headers, payload: { name: 'Nobody Known', kind: 'person' } })).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: '/v1/candidates', headers, payload: { name: 'Dmitry Peskov', kind: 'person', slug: 'vladimir-putin' } })).statusCode, 409)

  const accepted = await app.inject({ method: 'POST', url: '/v1/candidates', headers, payload: { name: 'Dmitry Peskov', kind: 'person' } })
  t.equal(accepted.statusCode, 201)
  t.same(accepted.json(), { entity: { slug: 'dmitry-peskov', kind: 'person', name: 'Dmitry Peskov' }, quotes: 2 })
  await app.reanalysis.idle()

  const quotes = (await app.inject({ url: '/v1/quotes?filter[article]=kremlin-waits' })).json().data
  t.same(quotes.map((q: { speaker: { slug: string } | null }) => q.speaker?.slug), ['dmitry-peskov', 'dmitry-peskov'], 'the quotes are his')
  t.match((await app.inject({ url: '/v1/entities/dmitry-peskov' })).json(), { kind: 'person', name: 'Dmitry Peskov' })
  t.same((await app.inject({ url: '/v1/candidates', headers })).json(), { data: [] }, 'no longer a candidate')
})
