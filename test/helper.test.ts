import t from 'tap'
import { emailLeaks } from './helper.js'

// The email scan that comment tests rely on must itself catch a leak.
t.test('emailLeaks finds an email in any line, whatever its case', async t => {
  t.same(emailLeaks(['201 {} {"authorName":"Ada"}'], ['ada@example.org']), [])
  t.same(emailLeaks(['{"msg":"x"}', '200 {} {"author":"ADA@Example.org"}'], ['ada@example.org', 'bo@example.org']), ['ada@example.org'])
})
