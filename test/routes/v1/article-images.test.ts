import sharp from 'sharp'
import t, { type Test } from 'tap'
import { build } from '../../helper.js'

// An article's lead image: set by id on write, patch and bundle, shown in the public
// article with its caption, credit, alt text, focal point and variant URLs (under
// API_URL, whatever Host says), kept in revisions, and protecting the image from deletion.

async function setup (t: Test) {
  const app = await build(t, { API_URL: 'https://api.news.example', SITE_URL: 'https://news.example' })
  const token = (await app.tokens.create({ name: 'editor', scopes: ['content:write', 'content:read'] })).token
  const auth = { authorization: `Bearer ${token}` }
  const file = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#336699' } }).jpeg().toBuffer()
  const boundary = '----dateline-lead'
  const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
  const payload = Buffer.concat([
    Buffer.from(part('caption', 'Presidents in Tehran') + part('credit', 'Reuters') + part('alt', 'Three presidents at lecterns') + part('focalY', '0.25')),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="summit.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`)
  ])
  const uploaded = await app.inject({ method: 'POST', url: '/v1/images', headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload })
  t.equal(uploaded.statusCode, 201, uploaded.body)
  return { app, auth, image: uploaded.json() as { id: string } }
}

t.test('a lead image set on write shows in the public article with its description and URLs from API_URL', async t => {
  const { app, auth, image } = await setup(t)
  const created = await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { slug: 'summit', title: 'Summit', body: 'Text.', status: 'published', leadImage: image.id } })
  t.equal(created.statusCode, 201, created.body)

  const res = await app.inject({ url: '/v1/articles/summit', headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' } })
  t.equal(res.statusCode, 200)
  const lead = res.json().leadImage
  t.match(lead, { id: image.id, format: 'jpeg', width: 1600, height: 900, caption: 'Presidents in Tehran', credit: 'Reuters', alt: 'Three presidents at lecterns', focalPoint: { x: 0.5, y: 0.25 } })
  t.equal(lead.url, `https://api.news.example/v1/images/${image.id}/original`)
  t.equal(lead.crops['16x9'], `https://api.news.example/v1/images/${image.id}/1280-16x9.jpeg`)
  t.match(lead.srcset.webp, `https://api.news.example/v1/images/${image.id}/640.webp 640w`)
  t.notOk('filename' in lead, 'the upload\'s file name stays with editors')
  t.notMatch(res.body, /evil\.example/, 'no URL from Host or X-Forwarded-Host')

  const crop = await app.inject(lead.crops['1x1'].replace('https://api.news.example', ''))
  t.equal(crop.statusCode, 200, 'the crop URL serves a picture')

  const plain = await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { slug: 'plain', title: 'Plain', body: 'Text.', status: 'published' } })
  t.equal(plain.json().leadImage, null, 'an article without one says null')
})

t.test('an unknown or malformed image id is a 400 naming leadImage, and nothing is written', async t => {
  const { app, auth } = await setup(t)
  const unknown = await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { slug: 'summit', title: 'Summit', body: 'Text.', leadImage: '00000000-0000-4000-8000-000000000000' } })
  t.equal(unknown.statusCode, 400)
  t.match(unknown.headers['content-type'], /application\/problem\+json/)
  t.match(unknown.json().errors, [{ in: 'body', pointer: '/leadImage', message: /names no image/ }])
  t.equal((await app.inject({ url: '/v1/articles/summit', headers: auth })).statusCode, 404, 'no article was made')

  const malformed = await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { slug: 'summit', title: 'Summit', body: 'Text.', leadImage: 'not-an-id' } })
  t.equal(malformed.statusCode, 400)
  t.match(malformed.json().errors, [{ pointer: '/leadImage' }])

  const bundle = await app.inject({ method: 'POST', url: '/v1/import', headers: auth, payload: { format: 'dateline-bundle', version: 1, articles: [{ slug: 'summit', title: 'Summit', body: 'Text.', status: 'draft', leadImage: '00000000-0000-4000-8000-000000000000' }] } })
  t.equal(bundle.statusCode, 400, 'a bundle naming an unknown image is refused')
  t.match(bundle.body, /\/articles\/0\/leadImage/)
})

t.test('an image in use cannot be deleted (409 naming the articles); patch, revisions and restore carry the lead image', async t => {
  const { app, auth, image } = await setup(t)
  t.equal((await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { slug: 'summit', title: 'Summit', body: 'Text.', status: 'published' } })).statusCode, 201)
  const patched = await app.inject({ method: 'PATCH', url: '/v1/articles/summit', headers: auth, payload: { leadImage: image.id } })
  t.equal(patched.statusCode, 200, patched.body)
  t.equal(patched.json().leadImage.id, image.id)
  t.equal(patched.json().version, 2, 'setting a lead image is a change')
  const again = await app.inject({ method: 'PATCH', url: '/v1/articles/summit', headers: auth, payload: { leadImage: image.id } })
  t.equal(again.json().version, 2, 'setting the same one again is not')

  const refused = await app.inject({ method: 'DELETE', url: `/v1/images/${image.id}`, headers: auth })
  t.equal(refused.statusCode, 409)
  t.match(refused.headers['content-type'], /application\/problem\+json/)
  t.match(refused.json().detail, /summit/)

  const revision = await app.inject({ url: '/v1/articles/summit/revisions/2', headers: auth })
  t.equal(revision.json().article.leadImage, image.id)
  t.equal((await app.inject({ url: '/v1/articles/summit/revisions/1', headers: auth })).json().article.leadImage, null)

  const removed = await app.inject({ method: 'PATCH', url: '/v1/articles/summit', headers: auth, payload: { leadImage: null } })
  t.equal(removed.json().leadImage, null)
  const restored = await app.inject({ method: 'POST', url: '/v1/articles/summit/revisions/2/restore', headers: auth })
  t.equal(restored.statusCode, 200, restored.body)
  t.equal(restored.json().leadImage.id, image.id, 'restoring a revision brings its lead image back')

  t.equal((await app.inject({ method: 'PATCH', url: '/v1/articles/summit', headers: auth, payload: { leadImage: null } })).statusCode, 200)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/images/${image.id}`, headers: auth })).statusCode, 204, 'once unused it goes')
})
