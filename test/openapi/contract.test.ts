import { readFileSync } from 'node:fs'
import { createConfig, lintFromString } from '@redocly/openapi-core'
import t from 'tap'
import { openapiFile } from '../../src/plugins/external/swagger.js'
import { summitSlug } from '../helper.js'

// The committed document (test/plugins/external/swagger.test.ts proves it is what the
// routes generate) as a contract: what generated clients, Swagger UI and linters need.
const source = readFileSync(openapiFile, 'utf8')
const doc = JSON.parse(source)
type Json = Record<string, any>
const operations: Array<{ name: string, path: string, method: string, op: Json }> = []
for (const [path, item] of Object.entries<Json>(doc.paths)) {
  for (const [method, op] of Object.entries<Json>(item)) operations.push({ name: `${method.toUpperCase()} ${path}`, path, method, op })
}

t.test("Redocly's recommended rules find no error (offline, built-in ruleset)", async t => {
  const config = await createConfig({ extends: ['recommended'] })
  const problems = await lintFromString({ source, absoluteRef: openapiFile, config })
  const errors = problems.filter(p => p.severity === 'error').map(p => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)
  t.same(errors, [], 'zero errors')
})

t.test('every operation has an operationId a generated client can use, once', async t => {
  const ids = operations.map(o => o.op.operationId)
  t.equal(new Set(ids).size, ids.length, 'unique')
  for (const { name, op } of operations) t.match(op.operationId, /^[a-z][a-zA-Z]+$/, `${name}: ${op.operationId}`)
  t.equal(doc.paths['/v1/articles'].get.operationId, 'listArticles')
  t.equal(doc.paths['/v1/articles/{slug}'].get.operationId, 'getArticle')
  t.equal(doc.paths['/v1/articles/{slug}'].put.operationId, 'putArticle')
  t.equal(doc.paths['/v1/articles/{slug}/comments'].post.operationId, 'createArticleComment')
  t.same(doc.servers, [{ url: '/', description: 'This Dateline server (the one serving this document)' }])
})

t.test('response headers, 304 and If-None-Match are documented where they are sent', async t => {
  const article = doc.paths['/v1/articles/{slug}'].get
  t.ok(article.parameters.some((p: Json) => p.in === 'header' && p.name === 'If-None-Match'))
  t.ok(article.responses['304'], '304 documented')
  t.notOk(article.responses['304'].content, 'a 304 has no body')
  t.ok(article.responses['200'].headers.ETag)
  t.ok(doc.paths['/v1/articles'].get.responses['200'].headers.Link, 'lists send Link')
  t.ok(doc.paths['/v1/articles'].post.responses['201'].headers.Location, 'creations send Location')
  t.ok(doc.paths['/v1/articles'].get.responses['503'].headers['Retry-After'])
  const like = doc.paths['/v1/articles/{slug}/likes'].post
  t.ok(like.responses['429'].headers['Retry-After'])
  t.ok(like.responses['201'].headers['X-RateLimit-Remaining'], 'rate-limit headers on rate-limited routes')
  for (const { name, op } of operations) {
    for (const [code, response] of Object.entries<Json>(op.responses)) t.ok(response.headers?.['X-Request-Id'], `${name} ${code} names X-Request-Id`)
  }
  for (const name of Object.keys(doc.components.headers)) t.ok(doc.components.headers[name].schema, `${name} has a schema`)
})

t.test('each problem example shows its own status; no raw <mark> HTML in descriptions', async t => {
  for (const { name, op } of operations) {
    for (const [code, response] of Object.entries<Json>(op.responses)) {
      const problem = response.content?.['application/problem+json']
      if (problem) t.equal(problem.example?.status, Number(code), `${name} ${code}`)
    }
  }
  t.notMatch(source.replace(/`<\/?mark>`/g, ''), /<\/?mark>/, 'every <mark> is shown as code')
})

t.test('enums in responses are enums', async t => {
  const schemas = doc.components.schemas
  t.ok(schemas.ArticleSummary.properties.status.enum?.includes('published'), 'article status')
  t.ok(schemas.EntitySummary.properties.kind.enum?.includes('leader'), 'entity kind')
  t.ok(schemas.EntityRef.properties.kind.enum?.includes('country'), 'entity reference kind')
  t.same(schemas.Quote.properties.source.enum, ['automatic', 'editorial'], 'quote source')
})

t.test('"Try it out" as shown reads the summit story and destroys nothing', async t => {
  const list = doc.paths['/v1/articles'].get
  const prefilled = list.parameters.filter((p: Json) => p.example !== undefined).map((p: Json) => p.name)
  t.same(prefilled.filter((name: string) => name.startsWith('filter[') || ['sort', 'q', 'cursor', 'fields'].includes(name)), [],
    'no filter, sort, q, cursor or fields narrows the list')
  t.match(list.parameters.find((p: Json) => p.name === 'filter[entity]').description, /Example: `iran`/, 'filters still show an example')
  t.equal(doc.paths['/v1/articles/{slug}'].get.parameters.find((p: Json) => p.name === 'slug').example, summitSlug)
  for (const { name, op } of operations) {
    for (const parameter of op.parameters ?? []) {
      if (parameter.in === 'path') t.not(parameter.example, undefined, `${name}: path parameter ${parameter.name} has an example`)
      if (parameter.name === 'if-match') t.equal(parameter.example, undefined, `${name}: If-Match is not pre-filled (it would answer 412)`)
    }
    const body = op.requestBody?.content?.['application/json']
    if (body) t.ok(body.example ?? body.schema?.examples, `${name}: its body has an example`)
  }
  const patch = doc.paths['/v1/articles/{slug}'].patch.requestBody.content['application/json'].example
  t.notOk('status' in patch, 'the PATCH example cannot unpublish the story')
  const put = doc.paths['/v1/articles/{slug}'].put.requestBody.content['application/json'].example
  t.equal(put.status, 'published', 'the PUT example sends the story back as it is')
})
