import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { build, summitSlug } from '../helper.js'

// examples/client.ts (openapi-fetch over openapi/schema.d.ts) run as a user would run
// it, against a server this test starts, and compiled the way a user's project would.
const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))
const example = fileURLToPath(new URL('../../examples/client.ts', import.meta.url))

t.test('the typed client example lists, reads with entities and quotes, filters by entity, searches and comments', async t => {
  const app = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const { stdout } = await run(process.execPath, ['--import', 'tsx', example, `http://127.0.0.1:${port}`], { cwd: root, timeout: 60_000 })
  t.match(stdout, /^articles: Iran and Russia reject ceasefire proposal by Turkey/m)
  t.match(stdout, /^read: Iran and Russia reject ceasefire proposal by Turkey \(published\), ETag "/m)
  t.match(stdout, /^entities: .*Vladimir Putin \(leader\)/m)
  t.match(stdout, /^quote: "An attack on Idlib will result in disaster/m)
  t.match(stdout, new RegExp(`^naming [a-z-]+: ${summitSlug}$`, 'm'))
  t.match(stdout, new RegExp(`^search hit: ${summitSlug}: .*<mark>`, 'm'))
  t.match(stdout, /^comment [0-9a-f-]{36}: (held|published)$/m)
  const stored = await app.prisma.comment.findMany({ select: { authorName: true } })
  t.same(stored.map(c => c.authorName), ['Leyla'], 'the comment reached the database')
})

t.test('the example compiles with tsc --strict against the generated types', async t => {
  const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url))
  const result = await run(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2022', '--types', 'node', '--skipLibCheck', example], { cwd: root, timeout: 90_000 }).then(() => 'compiled', (error: { stdout?: string }) => error.stdout ?? String(error))
  t.equal(result, 'compiled')
})
