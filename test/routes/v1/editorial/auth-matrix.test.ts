import t from 'tap'
import { build, summitSlug } from '../../../helper.js'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
interface Route { method: Method, url: string, payload?: object, ok: number, scope: 'content:read' | 'content:write' }

// Every write route (and the token-only reads that go with them) x every kind of
// caller, each with the exact status. The write token goes last, so each route
// succeeds once, on targets made for it.
t.test('every write route x every kind of caller answers the exact status', async t => {
  const app = await build(t)
  const make = async (name: string, scopes: Array<'content:read' | 'content:write' | 'comments:moderate' | 'admin'>) =>
    ({ authorization: `Bearer ${(await app.tokens.create({ name, scopes })).token}` })
  const callers: Record<string, Record<string, string>> = {
    none: {},
    malformed: { authorization: 'Bearer' },
    revoked: await make('revoked', ['content:write']),
    expired: await make('expired', ['content:write']),
    read: await make('read', ['content:read']),
    moderate: await make('moderate', ['comments:moderate']),
    write: await make('write', ['content:write'])
  }
  await app.tokens.revoke('revoked')
  await app.prisma.apiToken.update({ where: { name: 'expired' }, data: { expiresAt: new Date(Date.now() - 1000) } })

  const base = { body: 'Text.', status: 'draft' as const }
  await app.articles.upsert({ ...base, slug: 'to-patch', title: 'To patch' }, 'test')
  await app.articles.upsert({ ...base, slug: 'to-delete', title: 'To delete' }, 'test')
  const quote = await app.prisma.quote.findFirstOrThrow()
  const other = await app.prisma.quote.findFirstOrThrow({ where: { id: { not: quote.id } } })
  const relation = await app.prisma.entityRelation.findFirstOrThrow()
  await app.prisma.entity.create({ data: { slug: 'to-delete', kind: 'place', name: 'Nowhere' } })
  const bundle = { format: 'dateline-bundle', version: 1, entities: [{ slug: 'aleppo', kind: 'place', name: 'Aleppo' }] }

  const routes: Route[] = [
    { method: 'POST', url: '/v1/articles', payload: { title: 'New story', body: 'Text.' }, ok: 201, scope: 'content:write' },
    { method: 'PUT', url: '/v1/articles/put-story', payload: { title: 'Put story', body: 'Text.' }, ok: 201, scope: 'content:write' },
    { method: 'PATCH', url: '/v1/articles/to-patch', payload: { title: 'Patched' }, ok: 200, scope: 'content:write' },
    { method: 'DELETE', url: '/v1/articles/to-delete', ok: 204, scope: 'content:write' },
    { method: 'GET', url: `/v1/articles/${summitSlug}/revisions`, ok: 200, scope: 'content:read' },
    { method: 'GET', url: `/v1/articles/${summitSlug}/revisions/1`, ok: 200, scope: 'content:read' },
    { method: 'POST', url: `/v1/articles/${summitSlug}/revisions/1/restore`, ok: 200, scope: 'content:write' },
    { method: 'PUT', url: `/v1/articles/${summitSlug}/mentions/idlib`, ok: 200, scope: 'content:write' },
    { method: 'DELETE', url: `/v1/articles/${summitSlug}/mentions/idlib`, ok: 204, scope: 'content:write' },
    { method: 'POST', url: '/v1/entities', payload: { kind: 'place', name: 'Tehran' }, ok: 201, scope: 'content:write' },
    { method: 'PUT', url: '/v1/entities/sochi', payload: { kind: 'place', name: 'Sochi' }, ok: 201, scope: 'content:write' },
    { method: 'PATCH', url: '/v1/entities/idlib', payload: { summary: 'A province.' }, ok: 200, scope: 'content:write' },
    { method: 'DELETE', url: '/v1/entities/to-delete', ok: 204, scope: 'content:write' },
    { method: 'POST', url: '/v1/relations', payload: { subject: 'iran', predicate: 'allied_with', object: 'russia' }, ok: 201, scope: 'content:write' },
    { method: 'DELETE', url: `/v1/relations/${relation.id}`, ok: 204, scope: 'content:write' },
    { method: 'POST', url: '/v1/quotes', payload: { article: summitSlug, text: 'Iran hosted a trilateral summit' }, ok: 201, scope: 'content:write' },
    { method: 'PATCH', url: `/v1/quotes/${quote.id}`, payload: { verified: true }, ok: 200, scope: 'content:write' },
    { method: 'DELETE', url: `/v1/quotes/${other.id}`, ok: 204, scope: 'content:write' },
    { method: 'POST', url: '/v1/import?dryRun=true', payload: bundle, ok: 200, scope: 'content:write' },
    { method: 'POST', url: '/v1/import', payload: bundle, ok: 200, scope: 'content:write' },
    { method: 'GET', url: '/v1/export', ok: 200, scope: 'content:read' }
  ]
  for (const route of routes) {
    for (const [caller, headers] of Object.entries(callers)) {
      const expected = ({
        none: 401, malformed: 401, revoked: 401, expired: 401, moderate: 403,
        read: route.scope === 'content:read' ? route.ok : 403,
        write: route.ok
      } as Record<string, number>)[caller]
      const res = await app.inject({ method: route.method, url: route.url, headers, payload: route.payload })
      t.equal(res.statusCode, expected, `${route.method} ${route.url} as ${caller}`)
      if (expected === 401) t.match(res.headers['www-authenticate'], /^Bearer realm="dateline"/)
      if (expected === 403) t.match(res.headers['www-authenticate'], new RegExp(`error="insufficient_scope", scope="${route.scope}"`))
    }
  }
})
