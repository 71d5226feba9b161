import { readFileSync } from 'node:fs'
import { STATUS_CODES } from 'node:http'
import { ArticleStatus } from '../../schemas/article.js'
import { EntityKind } from '../../schemas/common.js'
import { seedFile } from '../app/seed.js'

// What @fastify/swagger cannot derive from the routes' schemas, added to the whole
// document at once (its `transformObject`), so no route file has to repeat it:
// operationIds, `servers`, `security: []` on public routes, response headers, 304 and
// If-None-Match on reads, problem examples per status, and "Try it out" examples
// taken from the summit story (prisma/seed/summit-story.json). The examples are
// chosen so that executing an operation as shown reads useful data and destroys none:
// no filter, cursor or If-Match is pre-filled, PUT sends the seeded content back
// unchanged, and PATCH bodies repeat values the story already has.

type Json = Record<string, any>

interface SummitBundle {
  entities: Json[]
  articles: Json[]
  quotes: Json[]
  authors: Json[]
  sections: Json[]
  format: string
  version: number
}

const summit = JSON.parse(readFileSync(seedFile, 'utf8')) as SummitBundle
const article = summit.articles[0]!
const iran = summit.entities.find(e => e.slug === 'iran')!
const quote = summit.quotes[0]!
const placeholderId = '00000000-0000-4000-8000-000000000000'

const methods = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'] as const

// Names a generated client reads well; the rest follow listThings / getThing / createThing / putThing / updateThing / deleteThing.
const namedOperations: Record<string, string> = {
  'GET /health': 'getHealth',
  'GET /ready': 'getReadiness',
  'PATCH /v1/comments': 'moderateComments',
  'POST /v1/articles/{slug}/likes': 'likeArticle',
  'POST /v1/articles/{slug}/analyze': 'analyzeArticle',
  'POST /v1/articles/{slug}/revisions/{version}/restore': 'restoreArticleRevision',
  'GET /v1/articles/{slug}/jsonld': 'getArticleJsonLd',
  'GET /v1/entities/{slug}/related': 'listRelatedEntities',
  'POST /v1/candidates': 'acceptSpeakerCandidate',
  'GET /v1/candidates': 'listSpeakerCandidates',
  'POST /v1/privacy/comments/export': 'exportCommenterData',
  'POST /v1/privacy/comments/erase': 'eraseCommenterData',
  'POST /v1/import': 'importBundle',
  'GET /v1/export': 'exportBundle',
  'GET /v1/feeds/{format}': 'getFeed',
  'GET /v1/feeds/{scope}/{slug}/{format}': 'getScopedFeed',
  'GET /v1/sitemaps': 'getSitemapIndex',
  'GET /v1/sitemaps/articles/{page}': 'getArticleSitemap',
  'GET /v1/sitemaps/news': 'getNewsSitemap',
  'GET /v1/images/{id}/{name}': 'getImageFile',
  'POST /v1/webhooks/{id}/secret': 'rotateWebhookSecret',
  'POST /v1/webhooks/{id}/test': 'testWebhook',
  'POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': 'redeliverWebhookDelivery'
}

const verbs: Record<string, [collection: string, item: string]> = {
  get: ['list', 'get'], post: ['create', 'create'], put: ['put', 'put'], patch: ['update', 'update'], delete: ['delete', 'delete']
}

function singular (word: string): string {
  if (word.endsWith('ies')) return word.slice(0, -3) + 'y'
  if (word.endsWith('s')) return word.slice(0, -1)
  return word
}

const pascal = (word: string) => word.split(/[^a-zA-Z0-9]+/).map(w => w.charAt(0).toUpperCase() + w.slice(1)).join('')

/** listArticles, getArticle, createArticleComment, deleteArticleMention, ... */
export function operationIdFor (method: string, path: string): string {
  const named = namedOperations[`${method.toUpperCase()} ${path}`]
  if (named) return named
  const segments = path.split('/').filter(s => s && s !== 'v1')
  const words: string[] = []
  segments.forEach((segment, i) => {
    if (segment.startsWith('{')) return
    const item = segments[i + 1]?.startsWith('{') || (i < segments.length - 1)
    words.push(item ? singular(segment) : segment)
  })
  const isItem = segments.at(-1)!.startsWith('{')
  const [collectionVerb, itemVerb] = verbs[method] ?? [method, method]
  if (!isItem && method !== 'get') words[words.length - 1] = singular(words.at(-1)!)
  return (isItem ? itemVerb : collectionVerb) + words.map(pascal).join('')
}

/** An example value for a path, header or query parameter; undefined where none should be pre-filled. */
function parameterExample (path: string, parameter: Json): unknown {
  const name = parameter.name as string
  if (parameter.in === 'path') {
    if (name === 'slug') {
      if (path.startsWith('/v1/articles')) return article.slug
      if (path.startsWith('/v1/entities')) return iran.slug
      if (path.startsWith('/v1/authors')) return summit.authors[0]!.slug
      if (path.startsWith('/v1/sections')) return 'middle-east'
      if (path.startsWith('/v1/tags')) return 'idlib'
      if (path.startsWith('/v1/feeds')) return 'middle-east'
    }
    if (name === 'entity') return quote.speaker
    if (name === 'scope') return 'sections'
    if (name === 'format') return parameter.schema?.enum?.[0]
    if (name === 'version' || name === 'page') return 1
    if (name === 'name') return 'original'
    if (parameter.schema?.format === 'uuid') return placeholderId
    return undefined
  }
  if (parameter.in === 'header') return name === 'x-reader-key' ? 'reader-key-of-this-browser' : undefined
  // Query: only what narrows nothing away. Filters, sort, fields, q and cursor stay
  // empty (their example goes into the description), so "Try it out" lists the story.
  if (name === 'include') return 'entities,quotes'
  if (name === 'dryRun') return true
  if (name === 'limit') return 20
  return undefined
}

const queryDescriptionExamples: Record<string, string> = {
  'filter[entity]': 'iran',
  'filter[speaker]': quote.speaker,
  'filter[article]': article.slug,
  'filter[slug]': article.slug,
  'filter[slug][prefix]': 'iran-and',
  'filter[tag]': 'Idlib',
  'filter[dateline]': 'Tehran',
  'filter[section]': 'middle-east',
  'filter[author]': 'dateline-staff',
  'filter[kind]': 'leader',
  'filter[country]': 'turkey',
  'filter[name][prefix]': 'Vlad',
  q: 'Idlib ceasefire'
}

/** Request bodies: summit-story content that is safe to send as shown. */
function bodyExample (operationId: string): unknown {
  const { slug: _slug, ...articleFields } = article
  const { slug: _entitySlug, ...iranFields } = iran
  switch (operationId) {
    case 'createArticle': return { slug: 'erdogan-warns-of-massacre-in-idlib', title: 'Erdogan warns of a massacre in Idlib', body: `Turkish President Recep Tayyip Erdogan said: "${quote.text}."`, dateline: 'Tehran', tags: ['Syria', 'Idlib'], section: 'middle-east', status: 'draft' }
    case 'putArticle': return articleFields
    case 'updateArticle': return { tags: article.tags }
    case 'createEntity': return { slug: 'tehran', kind: 'place', name: 'Tehran', summary: 'Capital of Iran; host of the September 2018 summit on Syria.', country: 'iran' }
    case 'putEntity': return iranFields
    case 'updateEntity': return { summary: iran.summary }
    case 'createQuote': return { article: quote.article, speaker: quote.speaker, text: quote.text, verified: true }
    case 'updateQuote': return { verified: true }
    case 'createToken': return { name: 'frontend-drafts-preview', scopes: ['content:read'] }
    case 'createArticleComment': return { name: 'Leyla', email: 'leyla@example.org', body: 'Thank you for the clear account of the Tehran summit.' }
    case 'moderateComments': return { ids: [placeholderId], status: 'approved' }
    case 'updateComment': return { status: 'approved' }
    case 'exportCommenterData': return { email: 'leyla@example.org' }
    case 'eraseCommenterData': return { email: 'nobody@example.org' }
    case 'acceptSpeakerCandidate': return { name: 'Hassan Rouhani', kind: 'leader', slug: 'hassan-rouhani' }
    case 'createRelation': return { subject: 'iran', predicate: 'supports', object: 'bashar-al-assad', article: article.slug }
    case 'importBundle': return { format: summit.format, version: summit.version, entities: [iran] }
    default: return undefined
  }
}

function problemExample (status: number, path: string): Json {
  const title = STATUS_CODES[status] ?? 'Error'
  const details: Record<number, string> = {
    400: 'querystring/limit must be <= 100',
    401: 'This request needs a valid API token (Authorization: Bearer dl_...).',
    403: 'This token lacks the content:write scope.',
    404: 'No published article has this slug.',
    409: 'Another item already has this slug.',
    412: 'The article has changed since the ETag in If-Match was read.',
    413: 'The upload is larger than the configured limit.',
    415: 'Only JPEG, PNG, WebP and AVIF images are accepted.',
    429: 'Too many requests; try again after the time in Retry-After.',
    500: 'Something failed on the server.',
    503: 'The database is unavailable; try again shortly.'
  }
  const example: Json = { type: 'about:blank', title, status, detail: details[status] ?? title, instance: path.replace('{slug}', article.slug), requestId: 'req-1a2b3c' }
  if (status === 400) example.errors = [{ in: 'query', pointer: '/limit', message: 'must be <= 100' }]
  return example
}

const headers = {
  'X-Request-Id': { description: 'The request id (the one sent, or a new one); problem answers carry it too.', schema: { type: 'string' } },
  ETag: { description: 'Strong validator of this representation; send it in If-None-Match (reads) or If-Match (writes).', schema: { type: 'string' }, example: '"v3-Qm9uam91cg"' },
  'Cache-Control': { description: 'public with max-age on public reads without a token; otherwise private or no-store.', schema: { type: 'string' } },
  Link: { description: 'RFC 8288 link to the next page: `<...>; rel="next"`, absent on the last page.', schema: { type: 'string' } },
  Location: { description: 'The URL of the created item.', schema: { type: 'string' } },
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } },
  'X-RateLimit-Limit': { description: 'Requests allowed per client in the window.', schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'Requests left in the window.', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'Seconds until the window resets.', schema: { type: 'integer' } }
}
const ref = (name: keyof typeof headers) => ({ $ref: `#/components/headers/${name}` })

/** The collections whose POST answers 201 with a Location header. */
const createdWithLocation = new Set(['/v1/articles', '/v1/entities', '/v1/quotes', '/v1/sections', '/v1/authors', '/v1/images', '/v1/webhooks'])

const ifNoneMatch = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description: 'An ETag from an earlier read (or a list of them, or `*`): when it still matches, the answer is 304 Not Modified with no body.',
  schema: { type: 'string' }
}

/** Rewrites `<mark>` in descriptions as code, so Swagger UI shows it instead of rendering it. */
function escapeMarkup (node: unknown): void {
  if (Array.isArray(node)) { node.forEach(escapeMarkup); return }
  if (node === null || typeof node !== 'object') return
  const object = node as Json
  for (const [key, value] of Object.entries(object)) {
    if (key === 'description' && typeof value === 'string') object[key] = value.replace(/(?<!`)<(\/?)mark>(?!`)/g, '`<$1mark>`')
    else escapeMarkup(value)
  }
}

// Properties the services fill from closed sets but the schemas type as strings (so
// the TypeScript types of the services stay as they are): documented as the enums they are.
const enumsByProperty: Record<string, readonly string[]> = {
  status: ArticleStatus.enum,
  kind: EntityKind.enum,
  source: ['automatic', 'editorial']
}

function closeEnums (node: unknown): void {
  if (Array.isArray(node)) { node.forEach(closeEnums); return }
  if (node === null || typeof node !== 'object') return
  const object = node as Json
  if (object.properties && typeof object.properties === 'object') {
    for (const [name, values] of Object.entries(enumsByProperty)) {
      const property = object.properties[name]
      if (!property) continue
      const strings = property.type === 'string' ? [property] : (property.anyOf ?? []).filter((branch: Json) => branch.type === 'string')
      for (const branch of strings) if (!branch.enum && !branch.pattern && branch.const === undefined) branch.enum = [...values]
    }
  }
  for (const value of Object.values(object)) closeEnums(value)
}

/** The finished document: everything above added to what @fastify/swagger generated. */
export function completeOpenapi (document: Json): Json {
  document.servers = [{ url: '/', description: 'This Dateline server (the one serving this document)' }]
  document.components ??= {}
  document.components.headers = headers
  for (const [path, item] of Object.entries<Json>(document.paths ?? {})) {
    for (const method of methods) {
      const operation = item[method] as Json | undefined
      if (!operation) continue
      operation.operationId ??= operationIdFor(method, path)
      operation.security ??= []
      const isList = (operation.parameters ?? []).some((p: Json) => p.in === 'query' && p.name === 'cursor')
      for (const parameter of operation.parameters ?? []) {
        delete parameter.example
        if (parameter.schema) delete parameter.schema.examples
        const example = parameterExample(path, parameter)
        if (example !== undefined) parameter.example = example
        const shown = queryDescriptionExamples[parameter.name]
        if (parameter.in === 'query' && shown && !String(parameter.description ?? '').includes('Example:')) {
          parameter.description = `${parameter.description ?? ''} Example: \`${shown}\`.`.trim()
        }
      }
      const body = operation.requestBody?.content?.['application/json']
      if (body && body.example === undefined) {
        const example = bodyExample(operation.operationId)
        if (example !== undefined) body.example = example
      }
      const rateLimited = operation.responses?.['429'] !== undefined
      for (const [code, response] of Object.entries<Json>(operation.responses ?? {})) {
        const status = Number(code)
        response.headers = { ...response.headers, 'X-Request-Id': ref('X-Request-Id') }
        if (status < 400 && method === 'get') response.headers['Cache-Control'] = ref('Cache-Control')
        if (status === 200 && method === 'get') response.headers.ETag = ref('ETag')
        if ((status === 200 || status === 201) && ['put', 'patch', 'post'].includes(method) && path.match(/\{(slug|id)\}$/)) response.headers.ETag = ref('ETag')
        if (status === 200 && isList) response.headers.Link = ref('Link')
        if (status === 201 && method === 'post' && createdWithLocation.has(path)) response.headers.Location = ref('Location')
        if (status === 429 || status === 503) response.headers['Retry-After'] = ref('Retry-After')
        if (rateLimited && (status < 300 || status === 429)) {
          for (const name of ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'] as const) response.headers[name] = ref(name)
        }
        const problem = response.content?.['application/problem+json']
        if (problem && status >= 400) problem.example = problemExample(status, path)
      }
      if (method === 'get' && operation.responses?.['200']) {
        if (!(operation.parameters ?? []).some((p: Json) => p.name === ifNoneMatch.name)) operation.parameters = [...operation.parameters ?? [], { ...ifNoneMatch }]
        operation.responses['304'] = {
          description: 'Not Modified: the If-None-Match ETag still matches. No body and no content type.',
          headers: { ETag: ref('ETag'), 'X-Request-Id': ref('X-Request-Id'), 'Cache-Control': ref('Cache-Control') }
        }
      }
    }
  }
  closeEnums(document.components.schemas)
  for (const item of Object.values<Json>(document.paths ?? {})) closeEnums(item)
  escapeMarkup(document)
  return document
}
