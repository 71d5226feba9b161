import { createHash } from 'node:crypto'
import { AjvCompiler } from '@fastify/ajv-compiler'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifyServerOptions } from 'fastify'

// Ajv's options for every part of a request. Unknown properties and parameters are
// errors, never silently dropped.
const base = { removeAdditional: false, useDefaults: true, allErrors: true } as const

// Compiled validators and serializers, kept for the life of the process and shared by
// every app it builds. Compiling each route's schemas (fast-json-stringify above all)
// was most of the cost of building an app: a test file builds one per test. A compiled
// function depends only on its schema, its part of the route and the shared schemas it
// may $ref, so those make the key.
const compiled = new Map<string, unknown>()

function digest (value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value) ?? '').digest('base64')
}

function cached<R extends object, F> (context: string, compile: (route: R) => F, schemaKey: (schema: unknown) => unknown = schema => schema) {
  return (route: R): F => {
    const { schema, ...where } = route as R & { schema: unknown, url?: unknown, method?: unknown }
    // The URL and method name the route, not what the function does: left out, so the
    // same response schema on two routes is compiled once.
    delete where.url
    delete where.method
    const key = `${context} ${digest([schemaKey(schema), where])}`
    let fn = compiled.get(key) as F | undefined
    if (fn === undefined) {
      fn = compile(route)
      compiled.set(key, fn)
    }
    return fn
  }
}

// Keywords that document a schema but never change what it serialises.
const annotations = new Set(['description', 'examples', 'example', 'title', '$comment', 'deprecated', 'readOnly', 'writeOnly'])
// Keywords whose value maps names to schemas (a property may well be called "title").
const schemaMaps = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'])

/** The schema as text without its annotations: two response schemas with the same key serialise alike. */
export function serializationKey (schema: unknown): string {
  const strip = (value: unknown, isMap: boolean): unknown => {
    if (Array.isArray(value)) return value.map(item => strip(item, false))
    if (typeof value !== 'object' || value === null) return value
    const out: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(value)) {
      if (!isMap && annotations.has(key)) continue
      out[key] = strip(inner, !isMap && schemaMaps.has(key))
    }
    return out
  }
  return JSON.stringify(strip(schema, false))
}

/**
 * Two validators: query strings, path parameters and headers arrive as text, so they
 * are coerced (`?limit=5` is a number, `?tag=x` an array of one); a JSON body already
 * has its types, so it is taken as sent: `"title": 12345` or `"scopes": "admin"` is a
 * 400, never stored as "12345" or ["admin"].
 */
export function schemaController (): NonNullable<FastifyServerOptions['schemaController']> {
  const fromPool = AjvCompiler()
  return {
    compilersFactory: {
      buildValidator (externalSchemas, ajvOptions) {
        const plugins = (ajvOptions as { plugins?: [] } | undefined)?.plugins ?? []
        const coercing = fromPool(externalSchemas, { plugins, customOptions: { ...base, coerceTypes: 'array' } })
        const strict = fromPool(externalSchemas, { plugins, customOptions: { ...base, coerceTypes: false } })
        return cached(`validator ${digest([externalSchemas, plugins.length])}`,
          (route: Parameters<typeof strict>[0]) => route.httpPart === 'body' ? strict(route) : coercing(route))
      },
      buildSerializer (externalSchemas, serializerOptions) {
        // Annotations aside: the problem answers of every route differ only in their descriptions.
        return cached(`serializer ${digest([externalSchemas, serializerOptions])}`, SerializerSelector()(externalSchemas, serializerOptions), serializationKey)
      }
    }
  }
}
