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

t.test('the scan after a quote leaves no state behind for the scan before it', async t => {
  // A capitalised "States" after the quote was read as a speech verb, and the search
  // before the quote then started where that search had stopped, missing "said".
  const us: [string, string, string] = ['us', 'country', 'United States']
  t.same(quotes('Putin said on Monday: “We will not allow this to happen.” The United States did not comment.', [putin, us]),
    [['We will not allow this to happen.', 'putin', 'said-before']])
})

// One test per attribution construction found in real reporting (issue 12).
const lavrov: [string, string, string] = ['lavrov', 'leader', 'Lavrov']
const peskov: [string, string, string] = ['peskov', 'person', 'Dmitry Peskov']
const sisi: [string, string, string] = ['sisi', 'leader', 'Abdel Fattah el-Sisi']
const egypt: [string, string, string] = ['egypt', 'country', 'Egypt']
const nato: [string, string, string] = ['nato', 'organization', 'NATO']

t.test('speech verbs and frames beyond "said"', async t => {
  t.same(quotes('Lavrov told reporters in Moscow: “The West has chosen escalation again.”', [lavrov]), [['The West has chosen escalation again.', 'lavrov', 'said-before']], 'a colon after a longer clause')
  t.same(quotes('“We will answer every provocation,” Lavrov wrote on Telegram.', [lavrov]), [['We will answer every provocation', 'lavrov', 'said-after']])
  t.same(quotes('Lavrov defended the strikes, calling them “a necessary and limited response”.', [lavrov]), [['a necessary and limited response', 'lavrov', 'said-before']])
  t.same(quotes('Lavrov posted via Twitter: “Talks are possible, but not on these terms.”', [lavrov]), [['Talks are possible, but not on these terms.', 'lavrov', 'said-before']])
})

t.test('a title with a preposition before the name is no object', async t => {
  t.same(quotes('President of Egypt Abdel Fattah el-Sisi said: “Gaza needs a ceasefire now.”', [sisi, egypt]), [['Gaza needs a ceasefire now.', 'sisi', 'said-before']])
  t.same(quotes('After talks with Abdel Fattah el-Sisi, Lavrov said: “We agree on the main points.”', [sisi, lavrov]), [['We agree on the main points.', 'lavrov', 'said-before']], 'a name after "with" still is')
})

t.test('a role between the verb and the name', async t => {
  t.same(quotes('“The plan has no chance at all,” said government spokesman Dmitry Peskov.', [peskov]), [['The plan has no chance at all', 'peskov', 'said-after']])
})

t.test('a follow-on quote after the speaker\'s own attribution is still his', async t => {
  t.same(quotes('“We see no basis for talks,” Lavrov told reporters. “The other side has made that impossible.”', [lavrov]), [
    ['We see no basis for talks', 'lavrov', 'said-after'],
    ['The other side has made that impossible.', 'lavrov', 'continuation']
  ])
})

t.test('a quote standing alone takes the speaker of the sentence before', async t => {
  t.same(quotes('Dmitry Peskov criticised the plan on Telegram. “It is a recipe for a frozen conflict.”', [peskov]), [['It is a recipe for a frozen conflict.', 'peskov', 'previous-sentence']])
  t.same(quotes('Lavrov spoke at length.\n\n“Nobody in Europe wants this war to go on.”', [lavrov]), [['Nobody in Europe wants this war to go on.', 'lavrov', 'previous-sentence']], 'or the paragraph before')
  t.same(quotes('The talks ended on Monday. “Nobody in Europe wants this war to go on.”', [lavrov]), [['Nobody in Europe wants this war to go on.', null, null]], 'not when no one speaks there')
})

t.test('organizations and groups speak', async t => {
  t.same(quotes('NATO said in a statement that “the alliance stands ready to defend every ally”.', [nato]), [['the alliance stands ready to defend every ally', 'nato', 'said-before']])
  t.same(quotes('“The strikes were defensive and lawful,” the ministry said.', [nato]), [['The strikes were defensive and lawful', null, null]], 'an unnamed ministry is no one')
})

t.test('a pronoun goes to the last plausible speaker, not the last name', async t => {
  t.same(quotes('Lavrov met Abdel Fattah el-Sisi in Cairo. “We discussed the whole region,” he said.', [lavrov, sisi]), [['We discussed the whole region', 'lavrov', 'pronoun']], 'the subject, not the object')
  t.same(quotes('“We expect answers soon,” Lavrov said. Peskov said Putin and Abdel Fattah el-Sisi would meet. “This is important for both sides,” he added.', [lavrov, peskov.slice(0, 2).concat('Peskov') as [string, string, string], sisi, putin]), [
    ['We expect answers soon', 'lavrov', 'said-after'],
    ['This is important for both sides', 'peskov', 'pronoun']
  ], 'the subject of the sentence before, not the names inside it')
})

t.test('a dash after a statement names its author', async t => {
  t.same(quotes('“I am confident she will ensure the army is ready.” – Secretary of Defense Lloyd Austin', [['austin', 'person', 'Lloyd Austin']]),
    [['I am confident she will ensure the army is ready.', 'austin', 'dash']])
})

t.test('abbreviations and initials end no sentence', async t => {
  t.same(quotes('As Adm. Chester W. Nimitz, commander of the U.S. Pacific Fleet, said of them, "Uncommon valor was a common virtue."', [['nimitz', 'person', 'Chester W. Nimitz']]),
    [['Uncommon valor was a common virtue.', 'nimitz', 'said-before']])
})

t.test('a role description is the person holding that role', async t => {
  const body = 'Secretary of Defense Lloyd Austin spoke first. The secretary and Gen. Mark Milley then took questions. “Ukraine matters to the whole world,” the secretary said.'
  t.same(quotes(body, [['austin', 'person', 'Lloyd Austin'], ['milley', 'person', 'Mark Milley']]), [['Ukraine matters to the whole world', 'austin', 'description']])
  t.same(quotes('Mark Milley spoke first. “Ukraine matters to the whole world,” the secretary said.', [['milley', 'person', 'Mark Milley']]), [['Ukraine matters to the whole world', null, null]], 'no one titled so')
})

t.test('a stray opening mark before another opens nothing', async t => {
  t.same(quotes('“ “The medal provides distinct recognition,” Putin said.', [putin]), [['The medal provides distinct recognition', 'putin', 'said-after']])
})

t.test('an earlier quoted phrase does not cut the context short', async t => {
  t.same(quotes('Putin called the strikes "defensive" and said: "We will not stop until the job is done."', [putin]),
    [['We will not stop until the job is done.', 'putin', 'said-before']])
})

t.test('words quoted inside a quote with straight marks neither cut it nor swallow the next', async t => {
  t.same(quotes('"They told us "leave now" and we had to go," Erdoğan said. "Nobody came back after that day."', [erdogan]), [
    ['They told us "leave now" and we had to go', 'erdogan', 'said-after'],
    ['Nobody came back after that day.', 'erdogan', 'continuation']
  ])
})

t.test('a speaker the registry lacks is kept by name, with the role the text gives', async t => {
  const named = (body: string) => findQuotes(body, []).map(q => [q.speakerId, q.speakerName, q.speakerRole])
  t.same(named('“The deadlines are being respected by everyone,” said Kremlin spokesman Dmitry Peskov.'), [[null, 'Dmitry Peskov', 'Kremlin spokesman']])
  t.same(named('“The deadlines are being respected by everyone,” Dmitry Peskov told reporters.'), [[null, 'Dmitry Peskov', null]])
  t.same(named('Government spokesman Dmitry Peskov said: “The deadlines are being respected.” “Nobody wants a delay here.”'), [
    [null, 'Dmitry Peskov', 'Government spokesman'], [null, 'Dmitry Peskov', 'Government spokesman']
  ], 'a follow-on quote too')
  t.same(named('“The deadlines are being respected by everyone,” the Kremlin said on Monday.'), [[null, null, null]], 'no name, no speaker')
  t.same(quotes('“The deadlines are being respected by everyone,” Vladimir Putin said.', [putin]), [['The deadlines are being respected by everyone', 'putin', 'said-after']])
  t.same(findQuotes('“The deadlines are being respected by everyone,” Vladimir Putin said.', [{ entityId: 'putin', kind: 'leader', start: 58, end: 63 }])
    .map(q => q.speakerName), [null], 'a known speaker has no name kept')
})

t.test('a quote with its own attribution to someone unknown continues no one', async t => {
  t.same(quotes('“The corridors are not working at all,” the UN said. “Nobody knows what comes next for them,” a diplomat said.', [un]), [
    ['The corridors are not working at all', 'un', 'said-after'],
    ['Nobody knows what comes next for them', null, null]
  ])
})

// Constructions found in the held-out real texts (test/fixtures/analysis/real-texts.json, tuning "held-out").
const austin: [string, string, string] = ['austin', 'person', 'Lloyd Austin']

t.test('a right double mark may open a quotation, after a dash or a space', async t => {
  t.same(quotes('MOSCOW -- ”This is my second visit to the city,” said Lavrov. ”I came to listen to everyone here.”', [lavrov]), [
    ['This is my second visit to the city', 'lavrov', 'said-after'],
    ['I came to listen to everyone here.', 'lavrov', 'continuation']
  ])
})

t.test('a straight opening mark may be closed by a curly one', async t => {
  t.same(quotes('"It is your skill that keeps the whole region safe,” Lavrov said. “Nobody else could do it.”', [lavrov]), [
    ['It is your skill that keeps the whole region safe', 'lavrov', 'said-after'],
    ['Nobody else could do it.', 'lavrov', 'continuation']
  ])
})

t.test('a quotation left open at its paragraph\'s end runs to it when the next paragraph opens with a mark', async t => {
  t.same(quotes('"The situation is serious," Lavrov said. "They attacked the border; they seized the port.\n\n"I would say the behaviour is hostile," he said.', [lavrov]), [
    ['The situation is serious', 'lavrov', 'said-after'],
    ['They attacked the border; they seized the port.', 'lavrov', 'continuation'],
    ['I would say the behaviour is hostile', 'lavrov', 'pronoun']
  ])
  t.same(quotes('"They attacked the border; they seized the port.\n\nNobody knows why.', [lavrov]), [], 'not when the next paragraph is no quotation')
})

t.test('a title-case run in quotes names a show or a book, it is no quotation', async t => {
  t.same(quotes('Lavrov told the audience of the "Evening Show with Anna Petrova" that the talks went well.', [lavrov]), [])
  t.same(quotes('Lavrov called it "a step toward peace in Europe".', [lavrov]), [['a step toward peace in Europe', 'lavrov', 'said-before']], 'a quoted phrase in lower case still is one')
})

t.test('a rank written short before the name: "the admiral said" is Adm. Mike Mullen', async t => {
  const mullen: [string, string, string] = ['mullen', 'person', 'Mike Mullen']
  t.same(quotes('Navy Adm. Mike Mullen visited the base. “We are exceptional because of what you do,” the admiral said.', [mullen]),
    [['We are exceptional because of what you do', 'mullen', 'description']])
  t.same(quotes('Army Gen. Mike Mullen visited the base. “I am very proud of every one of you,” the general said.', [mullen]),
    [['I am very proud of every one of you', 'mullen', 'description']])
})

t.test('the whole role description names its holder, not the last one holding its last word', async t => {
  const mentions = (body: string): BodyMention[] => [
    ...[...body.matchAll(/Sabrina Singh|Singh/g)].map(m => ({ entityId: 'singh', kind: 'person', office: 'Pentagon Deputy Press Secretary', start: m.index, end: m.index + m[0].length })),
    ...[...body.matchAll(/Lloyd Austin/g)].map(m => ({ entityId: 'austin', kind: 'person', office: 'Secretary of Defense', start: m.index, end: m.index + m[0].length }))
  ]
  const body = 'Sabrina Singh briefed reporters. Secretary of Defense Lloyd Austin spoke with his counterpart. "The two leaders will stay in close contact," the deputy press secretary said.'
  t.same(findQuotes(body, mentions(body)).map(q => [q.speakerId, q.attribution]), [['singh', 'description']])
})

t.test('a name after told is the one spoken to, not the speaker', async t => {
  t.same(quotes('“This is the best hospital in the world for burns,” a sailor told Lloyd Austin. “They treat us very well here.”', [austin]), [
    ['This is the best hospital in the world for burns', null, null],
    ['They treat us very well here.', null, null]
  ])
  const named = (body: string) => findQuotes(body, []).map(q => [q.speakerName, q.speakerRole])
  t.same(named('“This is the best hospital in the world for burns,” Navy Petty Officer 1st Class Robert Bruce told the secretary.'),
    [['Robert Bruce', 'Navy Petty Officer 1st Class']], 'a rank with an ordinal is a role, not part of the name')
})
