import t from 'tap'
import { findQuotes, type BodyMention } from '../../src/services/quote-finder.js'

// Mentions by hand: each [entityId, kind, name] is found wherever `name` occurs in the body.
function quotes (body: string, names: Array<[string, string, string]>) {
  const mentions: BodyMention[] = names.flatMap(([entityId, kind, name]) =>
    [...body.matchAll(new RegExp(name, 'g'))].map(m => ({ entityId, kind, start: m.index, end: m.index + name.length })))
  return findQuotes(body, mentions).map(q => [q.text, q.speakerId, q.attribution])
}
const putin: [string, string, string] = ['putin', 'leader', 'Putin']
const erdogan: [string, string, string] = ['erdogan', 'leader', 'Erdoğan']
const un: [string, string, string] = ['un', 'organization', 'UN']
const turkey: [string, string, string] = ['turkey', 'country', 'Turkey']

t.test('the speaker before the quote: said, saying, told, a colon', async t => {
  t.same(quotes('Putin said, “We will not allow this to happen.”', [putin]), [['We will not allow this to happen.', 'putin', 'said-before']])
  t.same(quotes('President Putin, rejected it saying, “We consider it unacceptable”.', [putin]), [['We consider it unacceptable', 'putin', 'said-before']])
  t.same(quotes('Putin: “Nobody will be left behind here.”', [putin]), [['Nobody will be left behind here.', 'putin', 'colon']])
  t.same(quotes('After talks with Erdoğan, Putin told reporters: “The talks were very useful indeed.”', [putin, erdogan]),
    [['The talks were very useful indeed.', 'putin', 'said-before']], 'not the one he talked with')
})

t.test('the speaker after the quote, either way round', async t => {
  t.same(quotes('“We will not allow this to happen,” Putin said.', [putin]), [['We will not allow this to happen', 'putin', 'said-after']])
  t.same(quotes('“We will not allow this to happen,” said President Putin.', [putin]), [['We will not allow this to happen', 'putin', 'said-after']])
  t.same(quotes('"We will not allow this to happen," Putin said.', [putin]), [['We will not allow this to happen', 'putin', 'said-after']], 'straight quotes')
  t.same(quotes('«Nous ne laisserons pas faire cela», Erdoğan said.', [erdogan]), [['Nous ne laisserons pas faire cela', 'erdogan', 'said-after']], 'guillemets')
})

t.test('according to, pronouns and continued quotes', async t => {
  t.same(quotes('“The corridors are not working at all”, according to the UN.', [un]), [['The corridors are not working at all', 'un', 'according-to']])
  t.same(quotes('Erdoğan spoke first. Then Putin arrived. “We will stay as long as needed,” he said. “The job is not done yet.”', [putin, erdogan]), [
    ['We will stay as long as needed', 'putin', 'pronoun'],
    ['The job is not done yet.', 'putin', 'continuation']
  ], 'he is the last person named')
})

t.test('a role description stands for the last person named, of its country if it names one', async t => {
  const russia: [string, string, string] = ['russia', 'country', 'Russian']
  const mentions = (body: string) => {
    const list: BodyMention[] = []
    for (const [entityId, kind, name, countryId] of [['putin', 'leader', 'Putin', 'russia'], ['erdogan', 'leader', 'Erdoğan', 'turkey'], [...russia, null]] as const) {
      for (const m of body.matchAll(new RegExp(name, 'g'))) list.push({ entityId, kind, countryId, start: m.index, end: m.index + name.length })
    }
    return findQuotes(body, list).map(q => [q.speakerId, q.attribution])
  }
  t.same(mentions('Putin met Erdoğan. “We have agreed on a zone,” the Russian president said.'), [['putin', 'description']])
  t.same(mentions('Putin met Erdoğan. “We have agreed on a zone,” the president said.'), [['erdogan', 'description']], 'no country named: the last person')
  t.same(mentions('Putin met Erdoğan. The Russian leader later wrote: “We have agreed on a zone.”'), [['putin', 'description']])
  t.same(mentions('Putin met Erdoğan. “We have agreed on a zone,” the diplomat said.'), [[null, null]], 'not a role')
})

t.test('a nested quote stays inside its quotation', async t => {
  t.same(quotes('“They call it ‘a limited operation’ but it is a war,” Erdoğan said.', [erdogan]), [['They call it ‘a limited operation’ but it is a war', 'erdogan', 'said-after']])
  t.same(quotes('«He told us “leave now or never” and we left», Erdoğan said.', [erdogan]), [['He told us “leave now or never” and we left', 'erdogan', 'said-after']])
})

t.test('no known speaker: the quote is kept unattributed', async t => {
  t.same(quotes('“Everyone here knows what it means,” a diplomat said.', [putin]), [['Everyone here knows what it means', null, null]])
  t.same(quotes('Turkey said, “An attack would be a disaster for all.”', [turkey]), [['An attack would be a disaster for all.', null, null]], 'a country is not a speaker')
  t.same(quotes('“The job is not done yet,” he said.', []), [['The job is not done yet', null, null]], 'a pronoun with no one to refer to')
})

t.test('short quoted phrases and quotes across paragraphs are not quotations', async t => {
  t.same(quotes('Putin called them “terrorists” and the plan “a red line”.', [putin]), [])
  t.same(quotes('Putin said “this will never\n\nhappen in our lifetime”.', [putin]), [])
})

t.test('a speaker named inside another quote does not speak', async t => {
  t.same(quotes('“We share President Putin’s view on this,” Erdoğan said.', [putin, erdogan]), [['We share President Putin’s view on this', 'erdogan', 'said-after']])
})
