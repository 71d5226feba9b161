import { AjvCompiler } from '@fastify/ajv-compiler'
import type { FastifyServerOptions } from 'fastify'

// Ajv's options for every part of a request. Unknown properties and parameters are
// errors, never silently dropped.
const base = { removeAdditional: false, useDefaults: true, allErrors: true } as const

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
        return (route: Parameters<typeof strict>[0]) => route.httpPart === 'body' ? strict(route) : coercing(route)
      }
    }
  }
}
