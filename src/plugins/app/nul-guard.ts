import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ProblemError, validationType, type FieldError } from '../../errors.js'

/** JSON pointers (RFC 6901) of every string in the value that holds a NUL character. */
function nulPointers (value: unknown, pointer = ''): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [pointer] : []
  if (Array.isArray(value)) return value.flatMap((item, i) => nulPointers(item, `${pointer}/${i}`))
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(key.includes('\u0000') ? [`${pointer}/${escape(key)}`] : []),
      ...nulPointers(item, `${pointer}/${escape(key)}`)
    ])
  }
  return []
}

function escape (key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1').replace(/\u0000/g, '\\u0000')
}

// PostgreSQL cannot store a NUL character in text (SQLite can): one in any string of
// a request would be a 500 there, and content SQLite accepted would not move to
// PostgreSQL. So it is refused on both, before validation, naming the field.
export default fp(async function nulGuard (app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const errors: FieldError[] = [
      ...nulPointers(request.params).map(pointer => ({ in: 'path' as const, pointer, message: 'must not contain a NUL character' })),
      ...nulPointers(request.query).map(pointer => ({ in: 'query' as const, pointer, message: 'must not contain a NUL character' })),
      ...nulPointers(request.body).map(pointer => ({ in: 'body' as const, pointer, message: 'must not contain a NUL character' }))
    ]
    if (errors.length > 0) {
      throw new ProblemError(400, errors.map(e => `${e.in} ${e.pointer || '/'} ${e.message}`).join('; '), { type: validationType, errors })
    }
  })
}, { name: 'nul-guard' })
