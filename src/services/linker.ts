import { escapeRegExp, fold, isTitleCase } from './text.js'

// Finds where known entities are named in an article: by name and aliases, whole
// words only, case- and diacritics-insensitive ("Erdogan" finds "Erdoğan"), curly or
// straight apostrophes alike, possessives ("Turkey's") included, and the longest name
// wins where names overlap ("Syrian government troops" is the group, not the demonym
// "Syrian"). A person's surname links after a title ("President Putin") even when the
// registry does not list the surname alone; the offsets then cover the name, not the
// title. The bare surname links too, once the article names the person in full
// somewhere ("Sergei Lavrov ... Lavrov said"), as news style does. Demonyms link to
// their country, plurals too ("Syrians").

export interface Nameable {
  id: string
  name: string
  aliases: string[]
  /** The entity's kind: leaders and persons also link by title and surname. */
  kind?: string
  /** Adjectives naming the entity ("Russian"); they also link in the plural. */
  demonyms?: string[]
}
export interface Offset { field: string, start: number, end: number }
export interface FoundMention { entityId: string, count: number, offsets: Offset[] }

/** `onlyAfterFullName`: a bare surname, linked only when the article also names the entity otherwise. */
interface Pattern { folded: string, entityId: string, caseSensitive: boolean, onlyAfterFullName: boolean, capitalised: boolean, demonym: boolean }
interface Owner { entityId: string, onlyAfterFullName: boolean, capitalised: boolean, demonym: boolean }

/** Words that stand before a person's name and are not part of it. */
export const titles = [
  'President', 'Vice President', 'Prime Minister', 'Deputy Prime Minister', 'Foreign Minister', 'Defence Minister',
  'Defense Minister', 'Interior Minister', 'Minister', 'Chancellor', 'King', 'Queen', 'Prince', 'Crown Prince', 'Emir',
  'Sheikh', 'Sultan', 'Ayatollah', 'Supreme Leader', 'Secretary-General', 'Secretary General', 'Secretary of State',
  'Secretary', 'Special Envoy', 'Envoy', 'Ambassador', 'General', 'Gen.', 'Colonel', 'Col.', 'Commander', 'Spokesman',
  'Spokeswoman', 'Senator', 'Governor', 'Mayor', 'Pope', 'Mr', 'Mr.', 'Mrs', 'Mrs.', 'Ms', 'Ms.', 'Dr', 'Dr.'
]

const personKinds = new Set(['leader', 'person'])

/** A short all-capital alias ("UN", "EU") must match its case, so "un" in a sentence does not. */
function isAcronym (name: string): boolean {
  return name.length <= 4 && name === name.toUpperCase() && /\p{Lu}/u.test(name)
}

/** The surnames a person goes by: the last word of each multi-word name, with and without "al-". */
function surnames (names: string[]): string[] {
  const out = new Set<string>()
  for (const name of names) {
    const words = name.trim().split(/\s+/)
    if (words.length < 2) continue
    const last = words[words.length - 1]
    out.add(last)
    // A double surname ("Jolie Pitt", "Sama Lukonde") is used whole after a first mention.
    if (words.length >= 3 && /^\p{Lu}/u.test(words[words.length - 2])) out.add(words.slice(-2).join(' '))
    const bare = last.replace(/^(?:al|el|ad|as|ash|at|ar)-/i, '')
    if (bare !== last) out.add(bare)
  }
  return [...out].filter(s => s.length >= 3)
}

/** Capitalised words that make the place before them part of a longer proper name. */
const institutionHead = /^[ \t]+(?:Post|Times|Herald|Tribune|Journal|Gazette|Agreement|Accords?|Treaty|Protocol|Declaration|Convention|Institute|University|College|Airlines|Airways|Stock Exchange|Club|Review|Motors)(?![\p{L}])/u

/** Whether start..end lies inside a quoted run of title-case words longer than it, on one line. */
function insideQuotedTitle (text: string, start: number, end: number): boolean {
  const open = /["“]([^"“”\n]*)$/.exec(text.slice(Math.max(0, start - 80), start))
  const close = /^([^"“”\n]*)["”]/.exec(text.slice(end, end + 80))
  if (!open || !close || (open[1] === '' && close[1] === '')) return false
  return isTitleCase(open[1] + text.slice(start, end) + close[1])
}

export class Linker {
  readonly #insensitive: RegExp | null
  readonly #sensitive: RegExp | null
  /** A title, then a surname in the one capture group. */
  readonly #titled: RegExp | null
  readonly #owner = new Map<string, Owner>()
  /** Entities that are places or countries: they do not link inside a longer name ("The Washington Post"). */
  readonly #places = new Set<string>()

  constructor (entities: Nameable[]) {
    const patterns: Pattern[] = []
    const add = (text: string, entityId: string, onlyAfterFullName = false, demonym = false) => {
      const trimmed = text.trim()
      if (trimmed.length < 2) return
      const caseSensitive = !onlyAfterFullName && isAcronym(trimmed)
      patterns.push({ folded: fold(trimmed, caseSensitive), entityId, caseSensitive, onlyAfterFullName, capitalised: /^\p{Lu}/u.test(trimmed), demonym })
    }
    const titled = new Map<string, string>()
    for (const entity of entities) {
      const names = [...new Set([entity.name, ...entity.aliases])]
      for (const name of names) add(name, entity.id)
      for (const demonym of entity.demonyms ?? []) {
        add(demonym, entity.id, false, true)
        if (/[ni]$/.test(demonym)) add(`${demonym}s`, entity.id, false, true)
      }
      if (entity.kind && personKinds.has(entity.kind)) {
        for (const surname of surnames(names)) {
          add(surname, entity.id, true)
          if (!titled.has(fold(surname))) titled.set(fold(surname), entity.id)
        }
      }
    }
    // Longest first: a regex alternation takes the first alternative that matches.
    patterns.sort((a, b) => b.folded.length - a.folded.length || a.folded.localeCompare(b.folded) ||
      Number(a.onlyAfterFullName) - Number(b.onlyAfterFullName))
    const alternation = (list: string[]) => list.map(escapeRegExp).join('|')
    const build = (list: Pattern[]) => list.length === 0
      ? null
      : new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation(list.map(p => p.folded))})(?![\\p{L}\\p{N}])`, 'gu')
    for (const p of patterns) {
      const key = (p.caseSensitive ? 'S:' : 'I:') + p.folded
      if (!this.#owner.has(key)) this.#owner.set(key, { entityId: p.entityId, onlyAfterFullName: p.onlyAfterFullName, capitalised: p.capitalised, demonym: p.demonym })
    }
    for (const [surname, entityId] of titled) this.#owner.set(`T:${surname}`, { entityId, onlyAfterFullName: false, capitalised: true, demonym: false })
    for (const entity of entities) if (entity.kind === 'place' || entity.kind === 'country') this.#places.add(entity.id)
    this.#insensitive = build(patterns.filter(p => !p.caseSensitive))
    this.#sensitive = build(patterns.filter(p => p.caseSensitive))
    const byLength = (a: string, b: string) => b.length - a.length || a.localeCompare(b)
    this.#titled = titled.size === 0
      ? null
      : new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation(titles.map(t => fold(t)).sort(byLength))})\\s+(${alternation([...titled.keys()].sort(byLength))})(?![\\p{L}\\p{N}])`, 'dgu')
  }

  /** Mentions in the given fields ({ title, body, ... }), one per entity, offsets in document order. */
  find (fields: Record<string, string | null | undefined>): FoundMention[] {
    const found = new Map<string, FoundMention>()
    const scanned = Object.entries(fields).map(([field, text]) => ({
      field,
      spans: text
        ? [...this.#scan(this.#insensitive, text, fold(text), 'I:'), ...this.#scan(this.#sensitive, text, fold(text, true), 'S:'), ...this.#scan(this.#titled, text, fold(text), 'T:')]
        : []
    }))
    const namedInFull = new Set(scanned.flatMap(f => f.spans.filter(s => !s.onlyAfterFullName).map(s => s.entityId)))
    for (const { field, spans: all } of scanned) {
      const spans = all
        .filter(s => !s.onlyAfterFullName || namedInFull.has(s.entityId))
        .sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start))
      let lastEnd = -1
      for (const span of spans) {
        if (span.start < lastEnd) continue // overlapped by a longer, earlier match
        lastEnd = span.end
        const mention = found.get(span.entityId) ?? { entityId: span.entityId, count: 0, offsets: [] }
        mention.count++
        mention.offsets.push({ field, start: span.start, end: span.end })
        found.set(span.entityId, mention)
      }
    }
    return [...found.values()]
  }

  * #scan (regex: RegExp | null, text: string, folded: string, prefix: string) {
    if (!regex) return
    for (const match of folded.matchAll(regex)) {
      // The titled regex captures the surname: the mention is the name, not the title.
      const [start, end] = match.indices?.[1] ?? [match.index, match.index + match[0].length]
      const owner = this.#owner.get(prefix + folded.slice(start, end))
      if (!owner || !this.#standsAlone(owner, text, start, end)) continue
      yield { entityId: owner.entityId, start, end, onlyAfterFullName: owner.onlyAfterFullName }
    }
  }

  /**
   * Whether a match names its entity: a capitalised name written in lower case is a
   * common phrase ("a group of seven countries", "the work"); a place or country
   * followed by the head of a longer name is part of that name ("The Washington Post",
   * "Paris Agreement"); a demonym after South, North, Latin or Central ("South
   * American") names a region's people, not the country's; a name inside a quoted
   * title ("Late Show with David Letterman") is part of the title.
   */
  #standsAlone (owner: Owner, text: string, start: number, end: number): boolean {
    if (owner.capitalised && !/\p{Lu}/u.test(text[start])) return false
    if (this.#places.has(owner.entityId) && !owner.demonym && institutionHead.test(text.slice(end, end + 40))) return false
    if (owner.demonym && /(?:South|North|Latin|Central)[ \t]+$/.test(text.slice(Math.max(0, start - 10), start))) return false
    if (insideQuotedTitle(text, start, end)) return false
    return true
  }
}
