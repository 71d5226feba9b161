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

t.test('matches regardless of diacritics and of case after a capital', async t => {
  t.same(find('ERDOĞAN and Erdogan met Recep Tayyip Erdogan; erdogan in lower case is no name.'), { erdogan: ['ERDOĞAN', 'Erdogan', 'Recep Tayyip Erdogan'] })
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

const people = new Linker([
  { id: 'putin', name: 'Vladimir Putin', aliases: [], kind: 'leader' },
  { id: 'assad', name: 'Bashar al-Assad', aliases: [], kind: 'leader' },
  { id: 'russia', name: 'Russia', aliases: [], kind: 'country', demonyms: ['Russian'] },
  { id: 'syria', name: 'Syria', aliases: [], kind: 'country', demonyms: ['Syrian'] },
  { id: 'sgf', name: 'Syrian government forces', aliases: ['Syrian government troops'], kind: 'group' },
  { id: 'hts', name: "Hay'et Tahrir al-Sham", aliases: ['Tahrir al-Sham'], kind: 'group' },
  { id: 'putinka', name: 'Putinka', aliases: [], kind: 'organization' }
])
const findPeople = (fields: Record<string, string>) => Object.fromEntries(people.find(fields).map(m => [m.entityId, m.offsets.map(o => fields[o.field].slice(o.start, o.end))]))

t.test('a title before a surname links the person; the offsets cover the name', async t => {
  t.same(findPeople({ body: 'President Putin met President al-Assad and Mr Assad’s ministers.' }), { putin: ['Putin'], assad: ['al-Assad', 'Assad'] })
  t.same(findPeople({ body: 'Putin is a surname; Putinka a vodka.' }), { putinka: ['Putinka'] }, 'a bare surname alone links nothing')
})

t.test('a bare surname links once the article names the person in full', async t => {
  t.same(findPeople({ title: 'Putin warns rebels', body: 'Vladimir Putin spoke. Later Putin left.' }), { putin: ['Putin', 'Vladimir Putin', 'Putin'] })
})

t.test('demonyms link to their country, in the plural too, unless a longer name covers them', async t => {
  t.same(findPeople({ body: 'Russian intervention helped Syrian government troops; Syrians fled.' }), {
    russia: ['Russian'], sgf: ['Syrian government troops'], syria: ['Syrians']
  })
})

t.test('curly and straight apostrophes and possessives alike', async t => {
  t.same(findPeople({ body: "Hay’et Tahrir al-Sham’s fighters and Hay'et Tahrir al-Sham's leaders; Russia’s and Russia's" }), {
    hts: ['Hay’et Tahrir al-Sham', "Hay'et Tahrir al-Sham"], russia: ['Russia', 'Russia']
  })
})

t.test('a double surname links whole after the full name, and after a title', async t => {
  const linker = new Linker([{ id: 'jolie', name: 'Angelina Jolie Pitt', aliases: [], kind: 'person' }])
  const body = 'Special Envoy Angelina Jolie Pitt spoke. Later Jolie Pitt and Ms. Jolie Pitt left.'
  t.same(linker.find({ body }).map(m => m.offsets.map(o => body.slice(o.start, o.end))), [['Angelina Jolie Pitt', 'Jolie Pitt', 'Jolie Pitt']])
})

t.test('a place inside a longer name, a capitalised alias written as a common phrase, and a regional demonym do not link', async t => {
  const linker = new Linker([
    { id: 'washington', name: 'Washington', aliases: [], kind: 'place' },
    { id: 'france', name: 'France', aliases: [], kind: 'country', demonyms: ['French'] },
    { id: 'paris', name: 'Paris', aliases: [], kind: 'place' },
    { id: 'usa', name: 'United States', aliases: [], kind: 'country', demonyms: ['American'] },
    { id: 'g7', name: 'G7', aliases: ['Group of Seven'], kind: 'organization' },
    { id: 'work', name: 'Bob Work', aliases: [], kind: 'person' }
  ])
  const found = (body: string) => Object.fromEntries(linker.find({ body }).map(m => [m.entityId, m.offsets.map(o => body.slice(o.start, o.end))]))
  t.same(found('The Washington Post reported from Washington on the Paris Agreement, signed in Paris.'), { washington: ['Washington'], paris: ['Paris'] })
  t.same(found('The Group of Seven met; a group of seven countries objected.'), { g7: ['Group of Seven'] })
  t.same(found('South American leaders met American diplomats.'), { usa: ['American'] })
  t.same(found('Bob Work said the work goes on. Work left.'), { work: ['Bob Work', 'Work'] }, 'a surname in lower case is a word')
})

t.test('a name inside a quoted title is part of the title', async t => {
  const linker = new Linker([
    { id: 'letterman', name: 'David Letterman', aliases: [], kind: 'person' },
    { id: 'france', name: 'France', aliases: [], kind: 'country' }
  ])
  const found = (body: string) => Object.fromEntries(linker.find({ body }).map(m => [m.entityId, m.offsets.map(o => body.slice(o.start, o.end))]))
  t.same(found('He told the audience of the "Late Show with David Letterman" that David Letterman asked him first.'), { letterman: ['David Letterman'] })
  t.same(found('She wrote “The Fall of France” in 1941 and said France “will rise again”.'), { france: ['France'] })
  t.same(found('“We will not leave France alone,” he said.'), { france: ['France'] }, 'a name inside a quotation still is one')
})
