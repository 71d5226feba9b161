import t from 'tap'
import { findCandidates } from '../../src/services/candidates.js'

const names = (body: string, covered: Array<[number, number]> = []) =>
  findCandidates({ body }, covered.map(([start, end]) => ({ field: 'body', start, end }))).map(c => [c.name, c.count])

t.test('recurring capitalised names are candidates; single ones are not', async t => {
  t.same(names('Sergei Lavrov arrived. Sergei Lavrov spoke, then Peskov left.'), [['Sergei Lavrov', 2]])
})

t.test('a capitalised name with a generic head noun is a candidate even once', async t => {
  t.same(names('All the three countries also back the Astana process, launched in 2017.'), [['Astana process', 1]])
})

t.test('sentence openers, titles and names the registry knows are not candidates', async t => {
  const body = 'The talks ended. The talks resumed. President Rouhani met Rouhani.'
  t.same(names(body, [[body.indexOf('Rouhani'), body.indexOf('Rouhani') + 7], [body.lastIndexOf('Rouhani'), body.lastIndexOf('Rouhani') + 7]]), [])
  t.same(names('Mr Haddad and Dr Haddad: Haddad’s clinic.'), [['Haddad', 3]], 'titles and possessives are trimmed')
})
