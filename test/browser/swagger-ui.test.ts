import { existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { build, summitSlug } from '../helper.js'

// Swagger UI in a real browser: Debian's chromium (`apt-get install chromium`; .ci/run
// installs it when missing) driven by playwright-core. It opens /docs, reads the story
// through "Try it out", authorizes with a token and makes a write, and no request
// leaves 127.0.0.1. The screenshot goes outside the repository: $CI_ARTIFACTS_DIR, else
// the system's temporary folder.
const chromium = '/usr/bin/chromium'
// About 20 s on an idle machine; a loaded CI machine needs more room than the default.
t.setTimeout(300_000)

t.test('Swagger UI reads the story, authorizes and writes, all on 127.0.0.1', { skip: existsSync(chromium) ? false : `no browser at ${chromium} (apt-get install chromium)` }, async t => {
  const { chromium: browserType } = await import('playwright-core')
  const app = await build(t)
  const token = (await app.tokens.create({ name: 'swagger-ui', scopes: ['content:read', 'content:write'] })).token
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`

  const browser = await browserType.launch({ executablePath: chromium, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
  t.teardown(() => browser.close())
  const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } })
  page.setDefaultTimeout(20_000)
  const elsewhere: string[] = []
  const writes: Array<{ method: string, url: string, authorization?: string }> = []
  page.on('request', request => {
    const url = new URL(request.url())
    if (!['data:', 'blob:'].includes(url.protocol) && url.hostname !== '127.0.0.1') elsewhere.push(request.url())
    if (request.method() !== 'GET') writes.push({ method: request.method(), url: request.url(), authorization: request.headers().authorization })
  })

  const folder = process.env.CI_ARTIFACTS_DIR ?? tmpdir()
  mkdirSync(folder, { recursive: true })
  const screenshot = path.join(folder, 'dateline-swagger-ui.png')
  // On a failure too: the picture is what tells what went wrong.
  t.teardown(async () => {
    await page.screenshot({ path: screenshot }).catch(() => {})
    console.log(`Swagger UI screenshot: ${screenshot}`)
  })

  /** Expands an operation (tag `articles`) and presses Execute: Try it out is on by default. */
  async function execute (operationId: string) {
    const operation = page.locator(`#operations-articles-${operationId}`)
    await operation.waitFor({ timeout: 60_000 })
    if (!await operation.locator('.opblock-body').isVisible()) await operation.locator('.opblock-summary').first().click()
    await operation.locator('button.execute').click()
    const status = operation.locator('.live-responses-table tbody .response-col_status').first()
    await status.waitFor()
    await page.screenshot({ path: screenshot })
    return { operation, status: (await status.innerText()).trim() }
  }

  // Read the story: the GET operation, executed as shown (its example slug is the story's).
  await page.goto(`${origin}/docs`)
  const read = await execute('getArticle')
  t.equal(read.status, '200', 'the read answered 200')
  t.match(await read.operation.locator('.live-responses-table tbody .response-col_description').first().innerText(), /Iran and Russia reject ceasefire proposal by Turkey/, 'and shows the story')

  // Authorize with a token.
  await page.locator('.auth-wrapper button.authorize').click()
  const modal = page.locator('.modal-ux')
  await modal.locator('input').first().fill(token)
  await modal.locator('.auth-btn-wrapper button.authorize').click()
  await modal.locator('button.btn-done, .close-modal').first().click()

  // A write: PUT as shown sends the story back unchanged.
  const put = await execute('putArticle')
  t.equal(put.status, '200', 'the write answered 200')
  t.match(writes, [{ method: 'PUT', url: `${origin}/v1/articles/${summitSlug}`, authorization: `Bearer ${token}` }], 'with the token')
  const story = await app.inject({ url: `/v1/articles/${summitSlug}` })
  t.equal(story.json().status, 'published', 'the example destroyed nothing: the story is still published')

  t.same(elsewhere, [], 'no request left 127.0.0.1')
})
