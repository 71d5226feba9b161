import { readFileSync } from 'node:fs'
import t from 'tap'
import { build } from '../helper.js'

// Generated from openapi/openapi.json, so a new route cannot be forgotten:
// 1. every route Fastify serves is in the document and every documented operation is served;
// 2. every operation x (no token, bad token, wrong scope, right scope) answers as its
//    `security` entry says: 401 without a valid token where one is needed, 403 with the
//    wrong scope, neither with the right one (or with none where a token is optional).

type Schema = Record<string, any>
const doc = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as Schema
const methods = ['get', 'post', 'put', 'patch', 'delete']
const operations = Object.entries(doc.paths as Record<string, Schema>).flatMap(([path, item]) =>
  Object.entries(item).filter(([method]) => methods.includes(method)).map(([method, op]) => ({ method: method.toUpperCase(), path, op: op as Schema })))

/** A path with every parameter as {}: `/v1/feeds/:format` and `/v1/feeds/{scope}` are the same route. */
const shape = (path: string) => path.replace(/\{[^}]+\}|:[^/]+/g, '{}')

/** The routes Fastify serves, from its route tree (printRoutes), as "METHOD shape". */
function served (tree: string): Set<string> {
  const stack: string[] = []
  const routes = new Set<string>()
  for (const line of tree.split('\n')) {
    const match = /^(.*?)[├└]── (\S+) \(([^)]+)\)$/.exec(line)
    if (!match) continue
    const depth = match[1].length / 4
    stack.length = depth
    stack.push(match[2])
    for (const method of match[3].split(',').map(m => m.trim())) routes.add(`${method} ${shape(stack.join(''))}`)
  }
  return routes
}

// Served on purpose without being documented: HEAD for every GET (Fastify's own), CORS
// preflight, and the documentation itself (Swagger UI and its JSON/YAML).
const undocumented = (route: string) => route.startsWith('HEAD ') || route === 'OPTIONS *' || / \/docs(\/|\*|$)/.test(route)

t.setTimeout(600_000)

t.test('every served route is documented and every documented operation is served', async t => {
  const app = await build(t, { SEED_ON_START: 'never' })
  const routes = served(app.printRoutes({ commonPrefix: false }))
  t.ok(routes.size > 50, `the route tree was read (${routes.size} routes)`)
  const documented = new Set(operations.map(({ method, path }) => `${method} ${shape(path)}`))
  t.same([...routes].filter(route => !undocumented(route) && !documented.has(route)), [], 'served but not in openapi/openapi.json')
  t.same([...documented].filter(route => !routes.has(route)), [], 'documented but not served')
})

const scopes = ['content:read', 'content:write', 'comments:moderate', 'admin'] as const
type Scope = typeof scopes[number]

/** A path with its parameters filled with values of the right type (the target may not exist: that is a 404, not a 401). */
function urlFor (path: string, op: Schema): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const schema = (op.parameters as Schema[] | undefined)?.find(p => p.in === 'path' && p.name === name)?.schema ?? {}
    if (Array.isArray(schema.enum)) return String(schema.enum[0])
    return schema.type === 'integer' ? '1' : 'matrix-target'
  })
}

t.test('authorization matrix: every operation x no token, bad token, wrong scope, right scope', async t => {
  const app = await build(t, { PUBLIC_WRITE_RATE_LIMIT: '100000', COMMENT_FLOOD_SECONDS: '0' })
  const tokens = Object.fromEntries(await Promise.all(scopes.map(async scope =>
    [scope, `Bearer ${(await app.tokens.create({ name: `matrix-${scope}`, scopes: [scope] })).token}`]))) as Record<Scope, string>
  let cells = 0
  for (const { method, path, op } of operations) {
    const requirements = (op.security ?? []) as Array<Record<string, string[]>>
    const optional = requirements.length === 0 || requirements.some(r => Object.keys(r).length === 0)
    const needed = requirements.flatMap(r => r.bearerAuth ?? []) as Scope[]
    const url = urlFor(path, op)
    const name = `${method} ${path}`
    const send = async (authorization?: string) => {
      cells++
      const json = op.requestBody?.content?.['application/json'] !== undefined
      return await app.inject({ method: method as 'GET', url, headers: authorization ? { authorization, ...(json ? { 'content-type': 'application/json' } : {}) } : (json ? { 'content-type': 'application/json' } : {}), payload: json ? '{}' : undefined })
    }
    const none = await send()
    if (optional) t.not([401, 403].includes(none.statusCode), true, `${name} without a token: ${none.statusCode}, not refused`)
    else t.equal(none.statusCode, 401, `${name} without a token: 401`)
    const bad = await send('Bearer dl_not-a-real-token')
    if (requirements.length > 0) t.equal(bad.statusCode, 401, `${name} with a bad token: 401`)
    if (needed.length === 0) continue
    // admin may do everything; a scope that is neither needed nor admin is wrong.
    const wrong = scopes.find(scope => scope !== 'admin' && !needed.includes(scope) && !(scope === 'content:write' && needed.includes('content:read')))
    if (wrong && !optional) {
      const res = await send(tokens[wrong])
      t.equal(res.statusCode, 403, `${name} with ${wrong} (needs ${needed.join(' or ')}): 403`)
    }
    for (const scope of needed) {
      const res = await send(tokens[scope])
      t.not([401, 403].includes(res.statusCode), true, `${name} with ${scope}: ${res.statusCode}, not refused`)
    }
  }
  t.comment(`${operations.length} operations, ${cells} requests`)
})
