import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { componentSchemas } from '../../schemas/index.js'

/** The committed OpenAPI document; `npm run openapi` writes it, a test checks it. */
export const openapiFile = fileURLToPath(new URL('../../../openapi/openapi.json', import.meta.url))

export function renderOpenapi (document: unknown): string {
  return JSON.stringify(document, null, 2) + '\n'
}

export const openapiInfo = {
  title: 'Dateline API',
  version: '1.0.0',
  description: [
    'Dateline is a headless CMS for news. Public reads need no token and see only published content whose publish time has come.',
    '',
    'Errors are RFC 9457 `application/problem+json` answers carrying the request id; validation problems list each bad field in `errors`.',
    'Lists are cursor-paginated: pass `meta.nextCursor` as `cursor`, or follow `meta.next` or the `Link: rel="next"` header.',
    'Reads send a strong `ETag`; send it back in `If-None-Match` to get `304 Not Modified`.',
    'Writes need a token with the content:write scope. PUT, PATCH and DELETE honour `If-Match` with an ETag from a read (412 when the version has changed); without If-Match a write is unconditional.'
  ].join('\n')
}

// OpenAPI 3.1 generated from the routes' TypeBox schemas, and Swagger UI serving its
// bundled assets locally (no CDN).
export default fp(async function openapi (app: FastifyInstance) {
  for (const schema of componentSchemas) app.addSchema(schema)
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: openapiInfo,
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token (`dl_...`) in the Authorization header. Each route lists the scope it needs; never send a token in the query string.'
          }
        }
      },
      tags: [
        { name: 'articles', description: 'News articles' },
        { name: 'entities', description: 'Countries, leaders, groups, places and organizations named in the news' },
        { name: 'quotes', description: 'Who said what, in which article' },
        { name: 'authors', description: 'The people who write the articles' },
        { name: 'sections', description: 'Sections of the publication, nested (World > Middle East)' },
        { name: 'tags', description: 'Tags, with their article counts' },
        { name: 'images', description: 'Pictures: upload, caption, credit, focal point; resized variants and crops' },
        { name: 'corrections', description: 'Corrections and update notices on published articles' },
        { name: 'feeds', description: 'RSS 2.0, Atom and JSON Feed of the site, a section, a tag, an author, an entity' },
        { name: 'sitemaps', description: 'Sitemaps for search engines, and a Google News sitemap' },
        { name: 'comments', description: 'Reader comments and likes on published articles' },
        { name: 'moderation', description: 'The comment queue (comments:moderate scope)' },
        { name: 'privacy', description: 'Export and erase a commenter\'s data (admin scope)' },
        { name: 'bulk', description: 'Import and export content bundles' },
        { name: 'tokens', description: 'API tokens (admin scope)' },
        { name: 'webhooks', description: 'Webhook subscriptions and their deliveries, signed as Standard Webhooks (admin scope)' },
        { name: 'graph', description: 'The news graph: an entity\'s articles, quotes and related entities; articles as schema.org JSON-LD' },
        { name: 'analysis', description: 'Entity linking, quote extraction and attribution, run on demand' },
        { name: 'system', description: 'Health and readiness' }
      ]
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) }
  })
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true, tryItOutEnabled: true },
    staticCSP: true
  })
}, { name: 'openapi' })
