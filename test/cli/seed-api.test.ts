import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { seedFile } from '../../src/plugins/app/seed.js'
import type { Bundle } from '../../src/schemas/bundle.js'
import { build } from '../helper.js'

const run = promisify(execFile)
const cli = path.resolve('src/cli/seed-api.ts')

// The script is a process talking HTTP to a server this test starts, with the load
// shedder on at its production threshold: 200 articles, 4 at a time, must not draw 503s.
t.test('npm run seed:api seeds through the API, idempotently, and names bad items by slug', async t => {
  const app = await build(t, { SEED_ON_START: 'never', MAX_EVENT_LOOP_DELAY_MS: '1000' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const { token } = await app.tokens.create({ name: 'seeder', scopes: ['content:write'] })

  const summit = JSON.parse(readFileSync(seedFile, 'utf8')) as Bundle
  const names = (summit.entities ?? []).map(e => e.name)
  // Authors and sections have no idempotent route: the script leaves them out, so the summit article goes without them here.
  const articles = [...(summit.articles ?? []).map(({ authors, section, ...article }) => article), ...Array.from({ length: 200 }, (_, i) => ({
    slug: `seeded-story-${i}`,
    title: `Seeded story ${i}`,
    body: `${names[i % names.length]} and ${names[(i * 7 + 3) % names.length]} met again on day ${i}, officials said.`,
    status: 'published' as const,
    publishedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()
  }))]
  const bundle = { format: 'dateline-bundle', version: 1, entities: summit.entities, relations: summit.relations, articles }
  const file = path.join(t.testdir(), 'bundle.json')
  writeFileSync(file, JSON.stringify(bundle))
  const items = (summit.entities?.length ?? 0) + (summit.relations?.length ?? 0) + articles.length
  const seed = (args: string[]) => run(process.execPath, ['--import', 'tsx', cli, '--url', url, '--token', token, '--concurrency', '4', ...args])

  const first = await seed([file])
  t.match(first.stdout, new RegExp(`^${items} created, 0 updated, 0 unchanged, 0 failed$`, 'm'))
  t.notMatch(first.stderr, /asked to wait/, 'the load shedder let the seeding writes through')
  t.equal((await app.inject({ url: '/v1/articles/seeded-story-199' })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/articles?filter[entity]=vladimir-putin&count=true' })).json().meta.total > 0, true, 'articles are analysed as they are written')

  const second = await seed([file])
  t.match(second.stdout, new RegExp(`^0 created, 0 updated, ${items} unchanged, 0 failed$`, 'm'), 'a second run changes nothing')

  articles[4].title = 'Seeded story three, retitled'
  articles[6].status = 'live' as 'published'
  writeFileSync(file, JSON.stringify({ ...bundle, articles }))
  const third = await seed([file]).then(() => null, (error: { code: number, stdout: string, stderr: string }) => error)
  t.ok(third, 'a bad item makes the run fail')
  t.equal(third!.code, 1)
  t.match(third!.stdout, new RegExp(`^0 created, 1 updated, ${items - 2} unchanged, 1 failed$`, 'm'))
  t.match(third!.stderr, /article "seeded-story-5": 400 .*\/status/, 'the error names the item by slug and the field')
})

t.test('npm run seed:api waits as Retry-After says on 429 and 503, then goes on', async t => {
  const answers = [503, 429, 201]
  const asked: string[] = []
  const server = createServer((request, response) => {
    asked.push(`${request.method} ${request.url} ${request.headers.authorization}`)
    const status = answers.shift() ?? 200
    response.writeHead(status, { 'content-type': 'application/json', 'retry-after': '1', 'x-outcome': status === 201 ? 'created' : 'unchanged' }).end('{}')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => server.close())
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const file = path.join(t.testdir(), 'bundle.json')
  writeFileSync(file, JSON.stringify({ format: 'dateline-bundle', version: 1, entities: [{ slug: 'sochi', kind: 'place', name: 'Sochi' }] }))
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', cli, '--url', url, '--token', 'dl_x', file])
  t.match(stdout, /^1 created, 0 updated, 0 unchanged, 0 failed$/m)
  t.match(stderr, /asked to wait 2 times/)
  t.same(asked, Array(3).fill('PUT /v1/entities/sochi Bearer dl_x'), 'the same request, three times')
})
