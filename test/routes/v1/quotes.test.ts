import t from 'tap'
import { build, summitSlug } from '../../helper.js'

t.test('GET /v1/quotes filters by speaker and article', async t => {
  const app = await build(t)
  const all = (await app.inject({ url: '/v1/quotes' })).json()
  t.equal(all.data.length, 2)

  const putin = (await app.inject({ url: '/v1/quotes?filter[speaker]=vladimir-putin' })).json()
  t.equal(putin.data.length, 1)
  t.match(putin.data[0], { speaker: { slug: 'vladimir-putin', name: 'Vladimir Putin' }, article: { slug: summitSlug }, verified: true })
  t.match(putin.data[0].context, /^President Putin, rejected the ceasefire proposal saying/)

  t.equal((await app.inject({ url: `/v1/quotes?filter[article]=${summitSlug}&filter[speaker]=recep-tayyip-erdogan` })).json().data.length, 1)
  t.same((await app.inject({ url: '/v1/quotes?filter[speaker]=bashar-al-assad' })).json().data, [], 'no quotes by Assad')
})

t.test('GET /v1/quotes/{id} reads one quote; unknown and malformed ids are 404 and 400', async t => {
  const app = await build(t)
  const [quote] = (await app.inject({ url: '/v1/quotes?filter[speaker]=recep-tayyip-erdogan' })).json().data
  const res = await app.inject({ url: `/v1/quotes/${quote.id}` })
  t.equal(res.statusCode, 200)
  t.equal(res.json().text, 'An attack on Idlib will result in disaster, massacre and a very big humanitarian tragedy')
  t.equal((await app.inject({ url: '/v1/quotes/00000000-0000-4000-8000-000000000000' })).statusCode, 404)
  const bad = await app.inject({ url: '/v1/quotes/42' })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { errors: [{ in: 'path', pointer: '/id' }] })
})

t.test('quotes in unpublished articles are not public', async t => {
  const app = await build(t)
  await app.articles.upsert({ slug: summitSlug, title: 'Withdrawn', body: 'Text.', status: 'draft' }, 'test')
  t.same((await app.inject({ url: '/v1/quotes' })).json().data, [])
})
