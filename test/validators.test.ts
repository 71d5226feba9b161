import { test } from 'tap'
import { serializationKey } from '../src/validators.js'

// Response serialisers are built once per distinct schema (start-up time); two schemas
// may share one only when they serialise alike.
test('schemas that differ only in their annotations share a serialiser', async t => {
  t.equal(
    serializationKey({ $ref: 'Problem', description: 'Not found.' }),
    serializationKey({ $ref: 'Problem', description: 'No such token.', examples: [{ status: 404 }] })
  )
})

test('a property called like an annotation still tells two schemas apart', async t => {
  const withTitle = { type: 'object', properties: { title: { type: 'string' }, description: { type: 'string' } } }
  const withoutTitle = { type: 'object', properties: { description: { type: 'string' } } }
  t.not(serializationKey(withTitle), serializationKey(withoutTitle))
  t.not(
    serializationKey({ type: 'object', properties: { title: { type: 'string' } } }),
    serializationKey({ type: 'object', properties: { title: { type: 'integer' } } })
  )
})

test('types, formats and required properties count', async t => {
  t.not(serializationKey({ type: 'string' }), serializationKey({ type: 'string', format: 'date-time' }))
  t.not(serializationKey({ type: 'object', required: ['a'] }), serializationKey({ type: 'object' }))
})
