import { isTitleCase } from './text.js'
import { descriptionPattern, isAbbreviation, objectMarker, rolePattern, speechVerbs, trailingName } from './attribution-words.js'

// Finds quotations in an article body and who said them, from the sentence around
// each one, the sentence before it and the quotes before it. Pure: it is given the
// body and the entity mentions the linker found in it, and answers positions in the body.

/** An entity named in the body, with what kind of thing it is and, for people, the office the registry gives. */
export interface BodyMention { entityId: string, kind: string, start: number, end: number, countryId?: string | null, office?: string | null }

export type Attribution = 'said-after' | 'said-before' | 'colon' | 'according-to' | 'pronoun' | 'description' | 'continuation' | 'dash' | 'previous-sentence'

export interface FoundQuote {
  text: string
  /** Offset of the text (without its quotation marks) in the body. */
  position: number
  context: string
  speakerId: string | null
  /** Which pattern named the speaker; null when unattributed. */
  attribution: Attribution | null
  /** A speaker the registry lacks, as the text names them ("Dmitry Peskov"); null when the speaker is known or unnamed. */
  speakerName: string | null
  /** The role the text gives that speaker ("Kremlin spokesman"), if any. */
  speakerRole: string | null
}

/** Shorter quoted runs are titles, scare quotes or nicknames, not quotations. */
export const minQuoteWords = 4

/** The closing marks each opening mark takes. A straight opening mark may be closed by a curly one ("…,” Odierno said). */
const closers: Record<string, string[]> = { '“': ['”'], '«': ['»'], '"': ['"', '”'], '”': ['”', '"'] }
/** People, organizations and groups speak ("the ministry said in a statement"); countries and places do not. */
const speakerKinds = new Set(['leader', 'person', 'organization', 'group'])
const personKinds = new Set(['leader', 'person'])
/** Ranks as written before a name. */
const rankAbbreviations: Record<string, string[]> = { general: ['gen.'], admiral: ['adm.'], commander: ['cmdr.', 'cdr.'], secretary: ['sec.'] }
/** After these verbs a name is the one spoken to, not the speaker ("… told Gates."), unlike "said spokesman Peskov". */
const listenerVerbs = new Set(['told', 'tells', 'telling', 'asked', 'urged', 'warned', 'warns', 'warning', 'addressed', 'called', 'calling', 'criticised', 'criticized', 'condemned', 'denounced', 'described', 'describing', 'answered', 'replied'])
/** Roles a description only stands for when someone named in the text or registry holds them. */
const strictRoles = new Set(['secretary', 'spokesman', 'spokeswoman', 'spokesperson', 'chairman', 'general', 'admiral', 'ambassador', 'governor', 'mayor', 'senator', 'commander'])

/** A span without its closing mark (open: true) is a quotation that runs on into the next paragraph. */
interface Span { start: number, end: number, open?: boolean }

/**
 * Whether the mark at i opens a quotation. A right double mark opens one only where
 * no quotation can close: at the start of a paragraph or after a space or dash, before
 * a letter ("-- ”This is my first trip,” said Panetta"). A straight mark after a letter closes.
 */
function opens (body: string, i: number): boolean {
  const mark = body[i]
  if (mark === '”') return /^$|[\s—–-]/u.test(body[i - 1] ?? '') && /[\p{L}\p{N}]/u.test(body[i + 1] ?? '')
  if (mark === '"') return !/[\p{L}\p{N}]/u.test(body[i - 1] ?? '')
  return mark in closers
}

/**
 * Quoted spans of a body: curly, straight and guillemet quotes, never across
 * paragraphs. A quotation left open at the end of its paragraph, when the next
 * paragraph opens with a quotation mark, runs to that end: news style opens each
 * paragraph of a long quotation and closes only the last.
 */
function quotedSpans (body: string): Span[] {
  const spans: Span[] = []
  let i = 0
  while (i < body.length) {
    if (!opens(body, i)) { i++; continue }
    const marks = closers[body[i]]
    // A stray opening mark right before another ("“ “The medal…") opens nothing.
    if (body.slice(i + 1).trimStart().startsWith(body[i]) && body[i] !== '"') { i++; continue }
    const end = closingMark(body, i, marks)
    const paragraphEnd = body.indexOf('\n\n', i + 1)
    if (end < 0 || (paragraphEnd >= 0 && paragraphEnd < end)) {
      if (paragraphEnd >= 0 && /^["“”«]/.test(body.slice(paragraphEnd + 2)) && body[i] !== '«') {
        spans.push({ start: i, end: paragraphEnd, open: true })
        i = paragraphEnd
        continue
      }
      i++
      continue
    }
    spans.push({ start: i, end: end + 1 })
    i = end + 1
  }
  return spans
}

/**
 * Where the quotation opened at i closes: the first of its closing marks. A straight
 * mark followed by a letter opens quoted words nested inside ("He said "no" to us,"),
 * which are skipped whole, so they neither cut the quote short nor swallow the next one.
 */
function closingMark (body: string, i: number, marks: string[]): number {
  const next = (from: number) => Math.min(...marks.map(m => body.indexOf(m, from)).filter(j => j >= 0).concat(Infinity))
  let j = next(i + 1)
  while (j < Infinity && body[j] === '"' && /[\p{L}\p{N}]/u.test(body[j + 1] ?? '') && /\s/.test(body[j - 1] ?? '')) {
    const nestedEnd = body.indexOf('"', j + 1)
    if (nestedEnd < 0) return -1
    j = next(nestedEnd + 1)
  }
  return j === Infinity ? -1 : j
}

const isTerminator = (body: string, i: number) =>
  /[.?!]/.test(body[i]) && (i + 1 >= body.length || /\s/.test(body[i + 1])) && !isAbbreviation(body, i)

function insideAny (spans: Span[], i: number): boolean {
  return spans.some(s => i > s.start && i < s.end - (s.open ? 0 : 1))
}

/** The sentence around a span: from the last full stop before it to the first after it, skipping stops inside quotes. */
function sentenceAround (body: string, spans: Span[], quote: Span): Span {
  let start = quote.start
  while (start > 0 && body.slice(start - 2, start) !== '\n\n' && !(isTerminator(body, start - 1) && !insideAny(spans, start - 1))) start--
  let end = quote.end
  while (end < body.length && body.slice(end, end + 2) !== '\n\n' && !(isTerminator(body, end) && !insideAny(spans, end))) end++
  return { start, end: Math.min(body.length, end + 1) }
}

function wordCount (text: string): number {
  return text.split(/\s+/).filter(w => /[\p{L}\p{N}]/u.test(w)).length
}

export function findQuotes (body: string, mentions: BodyMention[]): FoundQuote[] {
  const spans = quotedSpans(body)
  const sorted = [...mentions].sort((a, b) => a.start - b.start)
  // Who may speak: not a name inside a quotation, nor a possessive ("Putin's spokesman said").
  const speakers = sorted.filter(m => speakerKinds.has(m.kind) && !spans.some(s => m.start > s.start && m.end < s.end) &&
    !/^['’]s?(?![\p{L}])/u.test(body.slice(m.end, m.end + 3)))
  const speakerIn = (from: number, to: number) => speakers.filter(m => m.start >= from && m.end <= to)
  /** Whether a name is the object of a preposition or verb, not another name's ("President of Egypt Sisi"). */
  const isObject = (m: BodyMention, from: number) => {
    const marker = objectMarker.exec(body.slice(from, m.start))
    if (!marker) return false
    const markerStart = from + marker.index
    return !sorted.some(other => other !== m && other.start >= markerStart && other.end <= m.start)
  }
  const sentenceOf = (at: number) => sentenceAround(body, spans, { start: at, end: at })
  /** The title right before a name, back to the last comma or "and": "Secretary of Defense" in "Secretary of Defense Lloyd Austin". */
  const titleBefore = (m: BodyMention) => {
    const window = body.slice(Math.max(sentenceOf(m.start).start, m.start - 60), m.start)
    return window.slice(Math.max(...[/.*[,;:(—–]/su, /.*\band\s/su].map(r => r.exec(window)?.[0].length ?? 0))).toLowerCase()
  }
  /** Persons that are the subject of their sentence: the first one named in it that is no object. */
  const subjects = speakers.filter(m => {
    if (!personKinds.has(m.kind)) return false
    const sentence = sentenceOf(m.start)
    const first = speakers.find(s => s.start >= sentence.start && s.end <= sentence.end && personKinds.has(s.kind) && !isObject(s, sentence.start))
    return first === m
  })
  const quotes: FoundQuote[] = []
  let previous: { span: Span, speakerId: string | null, paragraph: number, speakerName: string | null, speakerRole: string | null } | null = null
  /** The last person (not organization) who spoke: "he said" may stand for them. */
  let lastSpeaker: { speakerId: string, at: number } | null = null
  /** "he said": the last plausible speaker, the subject of a sentence or the speaker of the last quote, whichever came later. */
  const pronounFor = (at: number): string | undefined => {
    const subject = subjects.filter(m => m.end <= at).pop()
    if (lastSpeaker && (!subject || subject.start < lastSpeaker.at)) return lastSpeaker.speakerId
    return subject?.entityId
  }
  /** The person a role description stands for: the last one named with that role, else of the country it names, else the last one. */
  const described = (from: number, to: number, quoteStart: number): BodyMention | undefined => {
    const match = descriptionPattern.exec(body.slice(from, to))
    if (!match) return undefined
    const role = match[2].toLowerCase()
    const country = sorted.find(m => m.kind === 'country' && m.start >= from + match.index && m.end <= to)
    const people = speakers.filter(m => personKinds.has(m.kind) && m.end <= quoteStart)
    const holds = (m: BodyMention, words: string) => (m.office ?? '').toLowerCase().includes(words) || titleBefore(m).includes(words)
    // A rank is written short before a name: "the admiral" is "Adm. Mike Mullen".
    const forms = [role, ...(rankAbbreviations[role] ?? [])]
    const titled = people.filter(m => forms.some(form => holds(m, form)))
    if (country) return people.filter(m => m.countryId === country.entityId).pop()
    // The whole description first: "the deputy press secretary" is the one titled so, not the last secretary named.
    const whole = `${match[1]}${match[2]}`.toLowerCase().replace(/\s+/g, ' ').trim()
    const exactly = whole === role ? [] : titled.filter(m => holds(m, whole))
    if (exactly.length > 0) return exactly.pop()
    // "the secretary" must be someone titled so; "the president" alone may be the last person named, as news style has it.
    return (titled.length > 0 || strictRoles.has(role) ? titled : people).pop()
  }
  /** The speaker of a clause with a speech verb in it: the subject before the verb, or the name with its role right after it. */
  const speakerOfClause = (from: number, to: number, quoteStart: number): { speakerId: string, attribution: Attribution } | null => {
    const verbs = speechVerbs(body.slice(from, to))
    const lastVerb = verbs[verbs.length - 1]
    if (!lastVerb) return null
    const verbStart = from + lastVerb.index
    const subject = speakerIn(from, verbStart).filter(m => !isObject(m, from)).pop()
    const pronoun = /\b(?:he|she)\s+(?:\S+\s+)?$/i.test(body.slice(from, verbStart))
    if (pronoun && (!subject || /\b(?:he|she)\b/i.test(body.slice(subject.end, verbStart)))) {
      const person = pronounFor(quoteStart)
      return person ? { speakerId: person, attribution: 'pronoun' } : null
    }
    if (subject) return { speakerId: subject.entityId, attribution: 'said-before' }
    const person = described(from, verbStart, quoteStart)
    if (person) return { speakerId: person.entityId, attribution: 'description' }
    const verbEnd = verbStart + lastVerb[0].length
    const object = listenerVerbs.has(lastVerb[0]) ? undefined : speakerIn(verbEnd, to)[0]
    if (object && rolePattern.test(body.slice(verbEnd, object.start))) return { speakerId: object.entityId, attribution: 'said-before' }
    return null
  }

  for (const span of spans) {
    const raw = body.slice(span.start + 1, span.end - (span.open ? 0 : 1))
    const text = raw.trim().replace(/[,;:]+$/, '').trimEnd()
    if (wordCount(text) < minQuoteWords || isTitleCase(text)) continue
    const position = span.start + 1 + raw.indexOf(text)
    const sentence = sentenceAround(body, spans, span)
    // A short quoted phrase earlier in the sentence ("called the strikes "defensive" and said:") does not cut its context.
    const otherBefore = spans.filter(s => s.end <= span.start && s.end > sentence.start && wordCount(body.slice(s.start + 1, s.end - 1)) >= minQuoteWords).pop()
    const otherAfter = spans.find(s => s.start >= span.end && s.start < sentence.end)
    const before = { start: otherBefore?.end ?? sentence.start, end: span.start }
    const after = { start: span.end, end: otherAfter?.start ?? sentence.end }
    const paragraph = body.lastIndexOf('\n\n', span.start)
    let found = attributeAfter(body, after, span, speakerIn, pronounFor, described)

    // ... according to Putin. / According to Erdoğan, “...”
    if (!found) {
      for (const part of [after, before]) {
        const match = /\baccording to\b/i.exec(body.slice(part.start, part.end))
        if (!match) continue
        const from = part.start + match.index + match[0].length
        const who = speakerIn(from, part.end)[0]
        if (who && rolePattern.test(body.slice(from, who.start))) { found = { speakerId: who.entityId, attribution: 'according-to' }; break }
      }
    }

    // Erdogan said, “...” / Putin rejected the proposal saying, “...” / he said: “...” / Putin: “...”
    if (!found) found = speakerOfClause(before.start, before.end, span.start)
    if (!found && /:\s*$/.test(body.slice(before.start, before.end))) {
      const colon = body.lastIndexOf(':', before.end)
      const subject = speakerIn(before.start, colon).pop()
      if (subject && /^\s*$/.test(body.slice(subject.end, colon))) found = { speakerId: subject.entityId, attribution: 'colon' }
    }

    // A second quote in the same paragraph is the same speaker's, when no one else is named in between:
    // “...,” Lavrov told reporters. “...”
    // ("“...,” a diplomat said" has its own speaker, unknown: it continues no one.)
    const ownAttribution = speechVerbs(body.slice(before.start, before.end) + ' ' + body.slice(after.start, after.end)).length > 0
    if (!found && !ownAttribution && previous?.speakerId && previous.paragraph === paragraph &&
      speakerIn(previous.span.end, span.start).every(m => m.entityId === previous!.speakerId)) {
      found = { speakerId: previous.speakerId, attribution: 'continuation' }
    }

    // A quote standing alone takes its speaker from the sentence before: Peskov criticised the plan. “...”
    const alone = !/[\p{L}\p{N}]/u.test(body.slice(before.start, before.end) + body.slice(after.start, after.end))
    if (!found && alone && before.start > 0) {
      const previousSentence = sentenceOf(Math.max(0, before.start - 1 - (body.slice(before.start - 2, before.start) === '\n\n' ? 2 : 0)))
      const clause = speakerOfClause(previousSentence.start, previousSentence.end, span.start)
      if (clause && clause.attribution !== 'pronoun') found = { speakerId: clause.speakerId, attribution: 'previous-sentence' }
    }

    // A named speaker the registry lacks is kept by name, for an editor to add.
    let unregistered: { name: string, role: string | null } | null = found ? null : unregisteredSpeaker(body, before, after, speakers)
    if (!found && !unregistered && !ownAttribution && previous?.speakerName && previous.paragraph === paragraph && speakerIn(previous.span.end, span.start).length === 0) {
      unregistered = { name: previous.speakerName, role: previous.speakerRole }
    }

    quotes.push({
      text,
      position,
      context: body.slice(sentence.start, sentence.end).trim(),
      speakerId: found?.speakerId ?? null,
      attribution: found?.attribution ?? null,
      speakerName: unregistered?.name ?? null,
      speakerRole: unregistered?.role ?? null
    })
    previous = { span, speakerId: found?.speakerId ?? null, paragraph, speakerName: unregistered?.name ?? null, speakerRole: unregistered?.role ?? null }
    if (found && speakers.some(m => m.entityId === found!.speakerId && personKinds.has(m.kind))) lastSpeaker = { speakerId: found.speakerId, at: span.start }
  }
  return quotes
}

type Found = { speakerId: string, attribution: Attribution } | null

/** “...”, Putin said. / “...,” said spokesman Peskov. / “...,” he added. / “...” – Secretary Austin */
function attributeAfter (
  body: string, after: Span, span: Span,
  speakerIn: (from: number, to: number) => BodyMention[],
  pronounFor: (at: number) => string | undefined,
  described: (from: number, to: number, quoteStart: number) => BodyMention | undefined
): Found {
  const afterText = body.slice(after.start, after.end)
  const leadText = afterText.match(/^[\s,.;:—–-]*/)![0]
  const from = after.start + leadText.length
  const rest = afterText.slice(leadText.length)
  const verb = speechVerbs(rest)[0]
  if (verb) {
    const verbAt = from + verb.index
    const head = rest.slice(0, verb.index)
    const subject = speakerIn(from, verbAt).pop()
    if (subject && rolePattern.test(body.slice(from, subject.start)) && /^[\s,]*$/.test(body.slice(subject.end, verbAt))) {
      return { speakerId: subject.entityId, attribution: 'said-after' }
    }
    if (/^\s*(?:he|she)\s+$/i.test(head)) {
      const person = pronounFor(span.start)
      return person ? { speakerId: person, attribution: 'pronoun' } : null
    }
    if (/^\s*the\s/i.test(head)) {
      const person = described(from, verbAt, span.start)
      if (person) return { speakerId: person.entityId, attribution: 'description' }
    }
    if (head.trim() === '' && !listenerVerbs.has(verb[0])) {
      const verbEnd = verbAt + verb[0].length
      const object = speakerIn(verbEnd, after.end)[0]
      if (object && rolePattern.test(body.slice(verbEnd, object.start))) return { speakerId: object.entityId, attribution: 'said-after' }
    }
    return null
  }
  if (/[—–-]/.test(leadText)) {
    const who = speakerIn(from, after.end)[0]
    if (who && rolePattern.test(body.slice(from, who.start)) && /^[\s.,]*$/.test(body.slice(who.end, after.end))) {
      return { speakerId: who.entityId, attribution: 'dash' }
    }
  }
  return null
}

/**
 * “...,” Dmitry Peskov said. / “...,” said Kremlin spokesman Dmitry Peskov. /
 * Dmitry Peskov told reporters: “...”: a speaker named in full whom the registry lacks.
 */
function unregisteredSpeaker (body: string, before: Span, after: Span, known: BodyMention[]): { name: string, role: string | null } | null {
  const free = (start: number, end: number) => !known.some(m => m.start < end && m.end > start)
  const afterText = body.slice(after.start, after.end)
  const lead = afterText.match(/^[\s,.;:—–-]*/)![0].length
  const rest = afterText.slice(lead)
  const verb = speechVerbs(rest)[0]
  if (verb && verb.index > 0) {
    const named = trailingName(rest.slice(0, verb.index))
    if (named && free(after.start + lead + named.start, after.start + lead + verb.index)) return { name: named.name, role: named.role }
  }
  if (verb && verb.index === 0) {
    const tail = rest.slice(verb[0].length).replace(/[\s.,;]+$/, '')
    const named = trailingName(tail)
    if (named && rolePattern.test(tail.slice(0, named.start)) && free(after.start + lead, after.end)) return { name: named.name, role: named.role }
  }
  const beforeText = body.slice(before.start, before.end)
  const verbs = speechVerbs(beforeText)
  const last = verbs[verbs.length - 1]
  if (last) {
    const named = trailingName(beforeText.slice(0, last.index))
    if (named && free(before.start + named.start, before.start + last.index)) return { name: named.name, role: named.role }
  }
  return null
}
