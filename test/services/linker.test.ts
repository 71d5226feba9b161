import t from 'tap'
import { Linker } from '../../src/services/linker.js'

const registry = new Linker([
  { id: 'erdogan', name: 'Recep Tayyip Erdoğan', aliases: ['Erdogan'] },
  { id: 'turkey', name: 'Turkey', aliases: [] },
  { id: 'syria', name: 'Syria', aliases: ['Syrian'] },
  { id: 'sgf', name: 'Syrian government forces', aliases: ['Syrian government troops'] },
  { id: 'hts', name: "Hay'et Tahrir al-Sham", aliases: ['Tahrir al-Sham'] },
  { id: 'un', name: 'United Nations', aliases: ['UN'] }
])

const find = (text: string) => Object.fromEntries(registry.find({ body: text }).map(m => [m.entityId, m.offsets.map(o => text.slice(o.start, o.end))]))

t.test('matches regardless of diacritics and case', async t => {
  t.same(find('ERDOĞAN and erdogan met Recep Tayyip Erdogan.'), { erdogan: ['ERDOĞAN', 'erdogan', 'Recep Tayyip Erdogan'] })
})

t.test('matches whole words only, possessives included', async t => {
  t.same(find("Turkeys are birds; Turkey's border is long."), { turkey: ['Turkey'] })
})

t.test('the longest name wins where names overlap', async t => {
  t.same(find('Syrian government troops advanced in Syria.'), { sgf: ['Syrian government troops'], syria: ['Syria'] })
  t.same(find('Hay’et Tahrir al-Sham, or Tahrir al-Sham for short'), { hts: ['Hay’et Tahrir al-Sham', 'Tahrir al-Sham'] })
})

t.test('short capital acronyms match their case only', async t => {
  t.same(find('The UN said un mot.'), { un: ['UN'] })
})

t.test('offsets are per field and count every mention', async t => {
  const [mention] = registry.find({ title: 'Turkey', body: 'Turkey and Turkey' })
  t.equal(mention.count, 3)
  t.same(mention.offsets, [{ field: 'title', start: 0, end: 6 }, { field: 'body', start: 0, end: 6 }, { field: 'body', start: 11, end: 17 }])
})

t.test('an empty registry finds nothing', async t => {
  t.same(new Linker([]).find({ body: 'Turkey' }), [])
})
