import t, { type Test } from 'tap'
import { createPrismaClient } from '../../src/db/client.js'
import { TokenService } from '../../src/services/tokens.js'
import { UnitOfWork } from '../../src/db/unit-of-work.js'
import { onPostgresql, testDatabaseUrl } from '../helper.js'
import { startServer } from '../server-process.js'

// Two server processes on one PostgreSQL database, started at the same moment (so
// their start-up migrations and seeding race), behind no load balancer: a write
// through one is read through the other. One of the few tests that listens on a port.

const secret = 'two-instances-token-secret-0123456789abcdef'
const start = (t: Test, databaseUrl: string) => startServer(t, { databaseUrl, secret, teardownSignal: 'SIGTERM' })

t.test('a write through one instance is read through the other', { skip: onPostgresql ? false : 'needs PostgreSQL: set TEST_DATABASE_URL' }, async t => {
  const databaseUrl = testDatabaseUrl(t)
  const [a, b] = await Promise.all([start(t, databaseUrl), start(t, databaseUrl)])
  t.not(a.url, b.url)

  // Both migrated and seeded the same empty database at once: one story, not two.
  for (const { url } of [a, b]) {
    const res = await fetch(`${url}/v1/articles`)
    t.equal(res.status, 200)
    t.equal((await res.json() as { data: unknown[] }).data.length, 1, `${url} serves the story once`)
  }

  const prisma = createPrismaClient(databaseUrl)
  t.teardown(() => prisma.$disconnect())
  t.equal(await prisma.article.count(), 1)
  const admin = await new TokenService(prisma, new UnitOfWork(prisma), secret).create({ name: 'ops', scopes: ['admin'] })
  const auth = { authorization: `Bearer ${admin.token}` }

  const created = await fetch(`${a.url}/v1/tokens`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'written-through-a', scopes: ['content:read'] })
  })
  t.equal(created.status, 201)
  const { id, token } = await created.json() as { id: string, token: string }

  const read = await fetch(`${b.url}/v1/tokens/${id}`, { headers: auth })
  t.equal(read.status, 200, 'instance B reads what A wrote')
  t.match(await read.json(), { id, name: 'written-through-a', scopes: ['content:read'], status: 'active' })
  const used = await fetch(`${b.url}/v1/tokens`, { headers: { authorization: `Bearer ${token}` } })
  t.equal(used.status, 403, 'and accepts the new token (it lacks admin, so 403 rather than 401)')

  const revoked = await fetch(`${b.url}/v1/tokens/${id}`, { method: 'DELETE', headers: auth })
  t.ok(revoked.status < 300, 'revoked through B')
  const after = await fetch(`${a.url}/v1/tokens`, { headers: { authorization: `Bearer ${token}` } })
  t.equal(after.status, 401, 'A refuses it at once: no per-process token cache')
})
