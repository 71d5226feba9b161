import sharp from 'sharp'
import t, { type Test } from 'tap'
import { build } from '../../helper.js'

async function setup (t: Test, env: Record<string, string> = {}) {
  const app = await build(t, { API_URL: 'https://api.news.example', ...env })
  const token = (await app.tokens.create({ name: 'editor', scopes: ['content:write'] })).token
  return { app, auth: { authorization: `Bearer ${token}` } }
}

/** A multipart/form-data body, as a browser's form would send it. */
function form (parts: Array<{ name: string, value: string | Buffer, filename?: string, type?: string }>) {
  const boundary = '----dateline' + Math.random().toString(16).slice(2)
  const chunks: Buffer[] = []
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`))
    chunks.push(Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value))
    chunks.push(Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** A camera's JPEG: 1600x900 as stored, to be turned upright (EXIF orientation 6), with EXIF and a location. */
function cameraJpeg () {
  return sharp({ create: { width: 1600, height: 900, channels: 3, background: '#336699' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'Camera', Copyright: 'Jane Doe' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 41/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer()
}

async function upload (app: Awaited<ReturnType<typeof setup>>['app'], auth: Record<string, string>, file: Buffer, filename = 'summit.jpg', fields: Record<string, string> = {}) {
  const body = form([...Object.entries(fields).map(([name, value]) => ({ name, value })), { name: 'file', value: file, filename, type: 'image/jpeg' }])
  return app.inject({ method: 'POST', url: '/v1/images', headers: { ...auth, ...body.headers }, payload: body.payload })
}

t.test('an upload is stored upright without its metadata, described, and served with immutable variants', async t => {
  const { app, auth } = await setup(t)
  const original = await cameraJpeg()
  t.ok((await sharp(original).metadata()).exif, 'the upload carries EXIF')
  const res = await upload(app, auth, original, 'summit.jpg', { caption: 'Presidents in Tehran', credit: 'Reuters', alt: 'Three presidents at lecterns', focalX: '0.5', focalY: '0.25' })
  t.equal(res.statusCode, 201)
  const image = res.json()
  t.equal(res.headers.location, `/v1/images/${image.id}`)
  t.match(image, { format: 'jpeg', width: 900, height: 1600, filename: 'summit.jpg', caption: 'Presidents in Tehran', credit: 'Reuters', alt: 'Three presidents at lecterns', focalPoint: { x: 0.5, y: 0.25 } })
  t.equal(image.url, `https://api.news.example/v1/images/${image.id}/original`, 'file URLs are under API_URL')
  t.match(image.srcset.webp, /\/640\.webp 640w/)
  t.notMatch(image.srcset.webp, /1280\.webp/, 'no variant wider than the original')

  const stored = await app.inject(`/v1/images/${image.id}/original`)
  t.equal(stored.statusCode, 200)
  t.equal(stored.headers['content-type'], 'image/jpeg')
  t.match(stored.headers['cache-control'], /immutable/)
  const meta = await sharp(stored.rawPayload).metadata()
  t.equal(meta.exif, undefined, 'no EXIF (and so no location) in what readers get')
  t.equal(meta.width, 900)

  const variant = await app.inject(`/v1/images/${image.id}/320.webp`)
  t.equal(variant.statusCode, 200)
  t.equal(variant.headers['content-type'], 'image/webp')
  t.equal((await sharp(variant.rawPayload).metadata()).width, 320)
  const again = await app.inject(`/v1/images/${image.id}/320.webp`)
  t.same(again.rawPayload, variant.rawPayload, 'kept after the first request')
  const crop = await sharp((await app.inject(`/v1/images/${image.id}/640-16x9.jpeg`)).rawPayload).metadata()
  t.same([crop.width, crop.height], [640, 360], 'a 16:9 crop')
  t.equal((await app.inject(`/v1/images/${image.id}/641.webp`)).statusCode, 400, 'only the listed widths')

  t.match((await app.inject(`/v1/images/${image.id}`)).json(), { id: image.id, caption: 'Presidents in Tehran' })
  t.same((await app.inject('/v1/images?fields=id')).json().data, [{ id: image.id }])
  const events = await app.prisma.outboxEvent.findMany({ where: { resource: 'image' } })
  t.same(events.map(e => `${e.resourceId} ${e.event}`), [`${image.id} created`])
})

t.test('uploads that are not pictures, too large, or misnamed are 4xx problems', async t => {
  const { app, auth } = await setup(t, { MEDIA_MAX_BYTES: '20000' })
  const small = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#fff' } }).png().toBuffer()
  t.equal((await upload(app, auth, small, 'dot.png')).statusCode, 201)

  const text = await upload(app, auth, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'x.svg')
  t.equal(text.statusCode, 415)
  t.match(text.headers['content-type'], /application\/problem\+json/)
  t.equal((await upload(app, auth, Buffer.from('just words, not a picture'), 'notes.jpg')).statusCode, 415)

  const lying = await upload(app, auth, small, 'photo.jpg')
  t.equal(lying.statusCode, 400, 'PNG bytes named .jpg')
  t.equal(lying.json().errors[0].pointer, '/file')

  const big = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer()
  t.ok(big.length > 20000)
  const tooBig = await upload(app, auth, big, 'noise.png')
  t.equal(tooBig.statusCode, 413)
  t.match(tooBig.headers['content-type'], /application\/problem\+json/)

  const badFocal = await upload(app, auth, small, 'dot.png', { focalX: '2' })
  t.equal(badFocal.statusCode, 400)
  t.equal(badFocal.json().errors[0].pointer, '/focalX')
  t.equal((await app.inject({ method: 'POST', url: '/v1/images', headers: auth, payload: { file: 'x' } })).statusCode, 415, 'JSON is not an upload')
  const anonymous = form([{ name: 'file', value: small, filename: 'dot.png' }])
  t.equal((await app.inject({ method: 'POST', url: '/v1/images', headers: anonymous.headers, payload: anonymous.payload })).statusCode, 401)
  t.equal(await app.prisma.image.count(), 1, 'nothing stored for refused uploads')
})

t.test('editing an image moves its crops; deleting removes it and its files', async t => {
  const { app, auth } = await setup(t)
  const image = (await upload(app, auth, await cameraJpeg())).json()
  const patched = await app.inject({ method: 'PATCH', url: `/v1/images/${image.id}`, headers: auth, payload: { caption: null, focalY: 0.9 } })
  t.equal(patched.statusCode, 200)
  t.match(patched.json(), { caption: null, credit: null, focalPoint: { x: 0.5, y: 0.9 } })
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/images/${image.id}`, headers: auth, payload: { focalY: 3 } })).statusCode, 400)
  const top = await sharp((await app.inject(`/v1/images/${image.id}/320-1x1.jpeg`)).rawPayload).metadata()
  t.same([top.width, top.height], [320, 320])

  t.equal((await app.inject({ method: 'DELETE', url: `/v1/images/${image.id}`, headers: auth })).statusCode, 204)
  t.equal((await app.inject(`/v1/images/${image.id}`)).statusCode, 404)
  t.equal((await app.inject(`/v1/images/${image.id}/original`)).statusCode, 404)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/images/${image.id}`, headers: auth })).statusCode, 404)
})
