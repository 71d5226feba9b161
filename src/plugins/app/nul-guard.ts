import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ProblemError, validationType, type FieldError } from '../../errors.js'

// A half of a UTF-16 surrogate pair without its other half ("\ud800" in JSON): no
// UTF-8 encodes it, so neither database can store it.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** True for a string no database can store: a NUL character or a lone surrogate in it. */
function unstorable (text: string): boolean {
  return text.includes('\u0000') || loneSurrogate.test(text)
}

const message = 'must not contain a NUL character or a lone UTF-16 surrogate'

/** JSON pointers (RFC 6901) of every string in the value that holds a NUL character or a lone surrogate. */
function nulPointers (value: unknown, pointer = ''): string[] {
  if (typeof value === 'string') return unstorable(value) ? [pointer] : []
  if (Array.isArray(value)) return value.flatMap((item, i) => nulPointers(item, `${pointer}/${i}`))
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(unstorable(key) ? [`${pointer}/${escape(key)}`] : []),
      ...nulPointers(item, `${pointer}/${escape(key)}`)
    ])
  }
  return []
}

function escape (key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1').replace(/\u0000/g, '\\u0000').replace(/[\uD800-\uDFFF]/g, c => `\\u${c.charCodeAt(0).toString(16)}`)
}

// PostgreSQL cannot store a NUL character in text (SQLite can): one in any string of
// a request would be a 500 there, and content SQLite accepted would not move to
// PostgreSQL. A lone surrogate fails on both drivers. So both are refused on both
// databases, before validation, naming the field.
export default fp(async function nulGuard (app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const errors: FieldError[] = [
      ...nulPointers(request.params).map(pointer => ({ in: 'path' as const, pointer, message })),
      ...nulPointers(request.query).map(pointer => ({ in: 'query' as const, pointer, message })),
      ...nulPointers(request.body).map(pointer => ({ in: 'body' as const, pointer, message }))
    ]
    if (errors.length > 0) {
      throw new ProblemError(400, errors.map(e => `${e.in} ${e.pointer || '/'} ${e.message}`).join('; '), { type: validationType, errors })
    }
  })
}, { name: 'nul-guard' })
