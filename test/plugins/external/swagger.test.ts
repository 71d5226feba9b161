import { readFileSync } from 'node:fs'
import t from 'tap'
import { openapiFile, openapiTypesFile, renderOpenapi, renderOpenapiTypes } from '../../../src/plugins/external/swagger.js'
import { build } from '../../helper.js'

t.test('openapi/openapi.json is what the routes generate (run `npm run openapi` after changing a route)', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  t.equal(readFileSync(openapiFile, 'utf8'), renderOpenapi(app.swagger()))
  t.equal(readFileSync(openapiTypesFile, 'utf8'), await renderOpenapiTypes(app.swagger()), 'openapi/schema.d.ts (openapi-typescript) too')
})

t.test('GET /docs/json documents every route with its responses', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  const doc = (await app.inject({ url: '/docs/json' })).json()
  t.equal(doc.openapi, '3.1.0')
  t.same(Object.keys(doc.paths).sort(), [
    '/health', '/ready', '/v1/articles', '/v1/articles/{slug}',
    '/v1/articles/{slug}/analyze', '/v1/articles/{slug}/comments', '/v1/articles/{slug}/corrections', '/v1/articles/{slug}/jsonld', '/v1/articles/{slug}/likes',
    '/v1/articles/{slug}/mentions/{entity}', '/v1/articles/{slug}/revisions', '/v1/articles/{slug}/revisions/{version}', '/v1/articles/{slug}/revisions/{version}/restore',
    '/v1/authors', '/v1/authors/{slug}', '/v1/candidates',
    '/v1/comments', '/v1/comments/{id}', '/v1/entities', '/v1/entities/{slug}',
    '/v1/entities/{slug}/articles', '/v1/entities/{slug}/quotes', '/v1/entities/{slug}/related', '/v1/export',
    '/v1/feeds/{format}', '/v1/feeds/{scope}/{slug}/{format}',
    '/v1/images', '/v1/images/{id}', '/v1/images/{id}/{name}',
    '/v1/import', '/v1/privacy/comments/erase', '/v1/privacy/comments/export', '/v1/quotes',
    '/v1/quotes/{id}', '/v1/relations', '/v1/relations/{id}',
    '/v1/sections', '/v1/sections/{slug}', '/v1/sitemaps', '/v1/sitemaps/articles/{page}', '/v1/sitemaps/news', '/v1/tags', '/v1/tags/{slug}', '/v1/tokens',
    '/v1/tokens/{id}', '/v1/webhooks', '/v1/webhooks/{id}', '/v1/webhooks/{id}/deliveries',
    '/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', '/v1/webhooks/{id}/secret', '/v1/webhooks/{id}/test'
  ])
  // The comment form and likes are the only writes open to the public (and they are rate limited).
  const publicWrites = ['POST /v1/articles/{slug}/comments', 'POST /v1/articles/{slug}/likes']
  type Operation = { tags?: string[], security?: unknown[], responses: Record<string, { content?: Record<string, unknown> }> }
  for (const [path, item] of Object.entries<Record<string, Operation>>(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const name = `${method.toUpperCase()} ${path}`
      t.ok(op.tags?.length, `${name} has a tag`)
      const success = Object.keys(op.responses).find(code => code.startsWith('2'))
      t.ok(success, `${name} documents its success`)
      const type = path.endsWith('/jsonld') ? 'application/ld+json' : path.startsWith('/v1/feeds/') ? 'application/rss+xml' : path.startsWith('/v1/sitemaps') ? 'application/xml' : path === '/v1/images/{id}/{name}' ? 'image/*' : 'application/json'
      if (success !== '204') t.ok(op.responses[success!].content?.[type], `${name} documents its ${success} as ${type}`)
      if (path.startsWith('/v1')) t.ok(op.responses['400'].content?.['application/problem+json'], `${name} documents its 400 as problem+json`)
      t.ok(op.security, `${name} says whether it needs a token (security: [] when it does not)`)
      const open = op.security?.length === 0
      const optional = op.security?.some(requirement => Object.keys(requirement as object).length === 0)
      if (open) {
        if (publicWrites.includes(name)) t.ok(op.responses['429'], `${name} documents its 429`)
        else t.equal(method, 'get', `${name}: only reads are open`)
      } else if (optional) {
        t.equal(method, 'get', `${name}: a token is optional only on reads`)
        t.ok(op.responses['401'], `${name} documents 401 for a bad token`)
      } else {
        t.ok(op.responses['401'] && op.responses['403'], `${name} documents 401 and 403`)
      }
    }
  }
  t.same(doc.paths['/v1/tokens'].post.security, [{ bearerAuth: ['admin'] }])
  t.same(doc.paths['/v1/webhooks'].post.security, [{ bearerAuth: ['admin'] }])
  t.same(doc.paths['/v1/articles'].post.security, [{ bearerAuth: ['content:write'] }])
  t.same(doc.paths['/v1/articles/{slug}'].get.security, [{}, { bearerAuth: ['content:read'] }])
  t.same(doc.paths['/v1/entities'].get.security, [], 'public routes say so')
  t.match(doc.components.securitySchemes, { bearerAuth: { type: 'http', scheme: 'bearer' } })
  t.ok(doc.components.schemas.Problem, 'the Problem component is shared')
  const limit = doc.paths['/v1/articles'].get.parameters.find((p: { name: string }) => p.name === 'limit')
  t.match(limit, { in: 'query', schema: { minimum: 1, maximum: 100 } })
})

t.test('Swagger UI is served at /docs from local assets', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  let res = await app.inject({ url: '/docs' })
  if (res.statusCode === 302) res = await app.inject({ url: String(res.headers.location) })
  t.equal(res.statusCode, 200)
  t.match(res.body, /swagger-ui/i)
  t.notMatch(res.body, /https?:\/\/(?!localhost)[a-z]/i, 'no asset from another host')
  const bundle = await app.inject({ url: '/docs/static/swagger-ui-bundle.js' })
  t.equal(bundle.statusCode, 200)
  t.ok(bundle.body.length > 100_000, 'the bundle itself')
})
