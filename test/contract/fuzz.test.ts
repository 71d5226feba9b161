import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import fc from 'fast-check'
import t from 'tap'
import { build } from '../helper.js'

// Contract fuzzing from openapi/openapi.json: requests generated from each operation's
// documented parameters and body (valid values, boundary values and hostile ones: NUL,
// huge integers, long strings, wrong types, odd unicode), sent through app.inject with
// no token, a bad token or an admin token. Every answer must be below 500; every error
// application/problem+json with a request id; every answer whose status and content type
// the document describes must match its schema (Ajv); the server must stay healthy.
// FUZZ_RUNS sets the number of requests (default 2,000); FUZZ_SEED replays a run.

type Schema = Record<string, any>
interface Operation { method: string, path: string, op: Schema }

const doc = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as Schema
const runs = Number(process.env.FUZZ_RUNS ?? 2000)
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)

const operations: Operation[] = Object.entries(doc.paths as Record<string, Schema>).flatMap(([path, ops]) =>
  Object.entries(ops).filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, op]) => ({ method: method.toUpperCase(), path, op })))

function resolve (schema: Schema | undefined): Schema {
  let s = schema ?? {}
  while (typeof s.$ref === 'string') {
    s = (s.$ref as string).slice(2).split('/').reduce((at: any, key: string) => at[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc)
  }
  return s
}

// Hostile values of every type: what a schema-following client would never send.
const hostileString = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '%00', '..', '../../etc/passwd', '\u202e', '\ud800', 'ﬀ', '𝔘𝔫𝔦', 'e\u0301', '\ufeff', '<script>', "' OR 1=1 --", '${x}', '__proto__', 'constructor', 'null', 'true', '-1', '1e309', 'NaN'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 1, max: 4 }).map(n => 'x'.repeat(n * 5000))
)
const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 2147483647, 2147483648, -2147483649, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, 0.5, -0),
  fc.double({ noNaN: true }),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(n => n.toString())
)
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileString, hostileNumber, fc.boolean(), fc.constant(null),
  fc.array(fc.oneof(hostileString, hostileNumber), { maxLength: 3 }),
  fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constant('__proto__')), fc.oneof(hostileString, fc.boolean()), { maxKeys: 3 })
)

/** Values for a JSON schema: mostly valid or at its boundaries, sometimes hostile. */
function arbitrary (schemaIn: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(schemaIn)
  const valid = validArbitrary(schema, depth)
  return fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: anyJson, weight: 1 })
}

function validArbitrary (schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const)
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum as unknown[])
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined
  if (alternatives?.length) return fc.oneof(...alternatives.map(s => validArbitrary(resolve(s), depth)))
  if (Array.isArray(schema.allOf)) return validArbitrary(Object.assign({}, ...schema.allOf.map((s: Schema) => resolve(s))), depth)
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'string': {
      const min = schema.minLength ?? 0
      const max = Math.min(schema.maxLength ?? 60, 300)
      if (schema.format === 'date-time') return fc.oneof(fc.date({ noInvalidDate: true }).map(d => d.toISOString()), fc.constantFrom('2026-02-30T00:00:00Z', '9999-12-31T23:59:59Z'))
      if (schema.format === 'uri') return fc.oneof(fc.webUrl(), fc.constantFrom('http://127.0.0.1/', 'javascript:alert(1)'))
      if (schema.format === 'email') return fc.emailAddress()
      if (schema.pattern) {
        return fc.oneof(fc.stringMatching(new RegExp(schema.pattern as string)).filter(s => s.length >= min && s.length <= max),
          fc.constantFrom('a'.repeat(Math.max(min, 1)), 'a'.repeat(Math.max(max, 1))))
      }
      return fc.oneof(fc.string({ minLength: min, maxLength: max }), fc.string({ unit: 'grapheme', minLength: min, maxLength: max }),
        fc.constantFrom('x'.repeat(min), 'x'.repeat(max)))
    }
    case 'integer': case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000)
      const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e6)
      const bounds = [min, max, min - 1, max + 1]
      return fc.oneof(type === 'integer' ? fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) }) : fc.double({ min, max, noNaN: true }), fc.constantFrom(...bounds))
    }
    case 'boolean': return fc.boolean()
    case 'null': return fc.constant(null)
    case 'array': {
      if (depth > 3) return fc.constant([])
      return fc.array(arbitrary(schema.items, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 6) })
    }
    case 'object': default: {
      const properties = (schema.properties ?? {}) as Record<string, Schema>
      if (depth > 3 || Object.keys(properties).length === 0) return fc.constant({})
      const required = new Set((schema.required ?? []) as string[])
      const record = fc.record(Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, arbitrary(s, depth + 1)])),
        { requiredKeys: Object.keys(properties).filter(k => required.has(k)) })
      return fc.oneof({ arbitrary: record, weight: 5 }, { arbitrary: record.map(r => ({ ...r, unknownField: 1 })), weight: 1 })
    }
  }
}

/** A query or path value as text: from the schema, or hostile. */
function textArbitrary (schema: Schema | undefined): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: validArbitrary(resolve(schema), 1), weight: 3 }, { arbitrary: fc.oneof(hostileString, hostileNumber), weight: 1 })
    .map(v => typeof v === 'string' ? v : JSON.stringify(v) ?? '')
}

const requestArbitrary = fc.constantFrom(...operations).chain(({ method, path, op }) => {
  const params = (op.parameters ?? []) as Schema[]
  const pathParams = params.filter(p => p.in === 'path')
  const queryParams = params.filter(p => p.in === 'query')
  const json = op.requestBody?.content?.['application/json']?.schema as Schema | undefined
  return fc.record({
    operation: fc.constant({ method, path, op }),
    path: fc.record(Object.fromEntries(pathParams.map(p => [p.name, textArbitrary(p.schema)]))),
    query: queryParams.length === 0
      ? fc.constant({})
      : fc.record(Object.fromEntries(queryParams.map(p => [p.name, textArbitrary(p.schema)])), { requiredKeys: [] }),
    body: json === undefined ? fc.constant(undefined) : fc.oneof({ arbitrary: arbitrary(json), weight: 6 }, { arbitrary: fc.constant(undefined), weight: 1 }),
    caller: fc.constantFrom('none', 'bad', 'admin', 'admin', 'admin')
  })
})

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false })
ajv.addSchema(doc, 'openapi.json')
const validators = new Map<string, ReturnType<typeof ajv.compile>>()
function validatorFor (pointer: string) {
  let validate = validators.get(pointer)
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi.json#${pointer}` })
    validators.set(pointer, validate)
  }
  return validate
}
// Answers any route may give that the document describes once, not per operation: too
// large, URI too long, unsupported media type, rate limited, overloaded; and 401 for a
// bad token, which the README promises everywhere.
const generic = new Set([304, 413, 414, 415, 429, 503])
// A lone surrogate cannot be put in a URL (encodeURIComponent throws): U+FFFD instead.
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
// '.' and '..' as a path segment are resolved away by URL normalisation (a different
// route, or none): sent percent-encoded, they reach the operation as the value itself.
const encodeSegment = (s: string) => /^\.{1,2}$/.test(s) ? s.replace(/\./g, '%2E') : encodeURIComponent(wellFormed(s))
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')

// 2,000 requests take a while on a loaded CI machine; the per-file default is too short.
t.setTimeout(Number(process.env.FUZZ_TIMEOUT_MS ?? 900_000))

t.test(`${runs} generated requests: no 5xx, problem+json errors, documented answers`, async t => {
  const app = await build(t, { PUBLIC_WRITE_RATE_LIMIT: '100000', COMMENT_FLOOD_SECONDS: '0' })
  const admin = `Bearer ${(await app.tokens.create({ name: 'fuzz-admin', scopes: ['admin'] })).token}`
  const headersFor: Record<string, Record<string, string>> = { none: {}, bad: { authorization: 'Bearer dl_not-a-real-token' }, admin: { authorization: admin } }
  const failures: string[] = []
  const statuses = new Map<number, number>()
  let checked = 0

  await fc.assert(fc.asyncProperty(requestArbitrary, async request => {
    try {
      await check(request)
    } catch (error) {
      failures.push(`${request.operation.method} ${request.operation.path} as ${request.caller}: the check threw ${String((error as Error).stack ?? error).slice(0, 400)}`)
    }
  }), { numRuns: runs, seed, verbose: 0 }).catch((error: unknown) => { failures.push(`fast-check: ${String(error).slice(0, 500)}`) })

  async function check ({ operation, path, query, body, caller }: typeof requestArbitrary extends fc.Arbitrary<infer R> ? R : never) {
    const url = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeSegment(String((path as Record<string, string>)[name] ?? '')) || '%20')
    const search = new URLSearchParams(query as Record<string, string>).toString()
    const started = performance.now()
    const payloadText = body === undefined ? undefined : JSON.stringify(body)
    const res = await app.inject({
      method: operation.method as 'GET',
      url: search ? `${url}?${search}` : url,
      headers: { ...headersFor[caller], ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      payload: payloadText
    })
    if (process.env.FUZZ_TRACE) console.error(Math.round(performance.now() - started), operation.method, operation.path, res.statusCode, (payloadText ?? '').length)
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
    const shown = `${url}${search ? '?' + search : ''}`
    const what = `${operation.method} ${shown.length > 160 ? `${shown.slice(0, 160)}...(${shown.length} chars)` : shown} as ${caller} -> ${res.statusCode}`
    const contentType = String(res.headers['content-type'] ?? '').split(';')[0].trim()
    if (res.statusCode >= 500) failures.push(`${what}: ${res.body.slice(0, 300)}`)
    if (res.statusCode >= 400) {
      if (contentType !== 'application/problem+json') failures.push(`${what}: error as ${contentType}`)
      if (!res.headers['x-request-id']) failures.push(`${what}: error without X-Request-Id`)
    }
    const documented = operation.op.responses?.[String(res.statusCode)] as Schema | undefined
    if (!documented && !generic.has(res.statusCode) && !(caller === 'bad' && res.statusCode === 401)) failures.push(`${what}: status not documented`)
    const content = documented?.content as Record<string, Schema> | undefined
    if (content && res.statusCode !== 204 && res.statusCode !== 304) {
      const types = Object.keys(content)
      if (!types.some(type => type === contentType || (type.endsWith('/*') && contentType.startsWith(type.slice(0, -1))))) {
        failures.push(`${what}: content type ${contentType} not documented (${types.join(', ')})`)
      } else if ((contentType === 'application/json' || contentType === 'application/problem+json') && content[contentType]?.schema) {
        const pointer = `/paths/${escape(operation.path)}/${operation.method.toLowerCase()}/responses/${res.statusCode}/content/${escape(contentType)}/schema`
        const validate = validatorFor(pointer)
        checked++
        if (!validate(JSON.parse(res.body))) failures.push(`${what}: answer does not match its schema: ${ajv.errorsText(validate.errors)}`)
      }
    }
  }

  t.comment(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}; ${checked} bodies checked against their schema`)
  const unique = [...new Set(failures)]
  t.same(unique.slice(0, 25), [], `${unique.length} contract failures`)
  t.equal([...statuses.values()].reduce((a, b) => a + b, 0), runs, 'every generated request was sent')

  const health = await app.inject('/health')
  t.equal(health.statusCode, 200, 'healthy after the fuzzing')
  const read = await app.inject('/v1/articles')
  t.equal(read.statusCode, 200, 'public reads still answer')
})
