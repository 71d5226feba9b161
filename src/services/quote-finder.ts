import { titles } from './linker.js'

// Finds quotations in an article body and who said them, from the sentence around
// each one. Pure: it is given the body and the entity mentions the linker found in
// it, and answers positions in the body.

/** An entity named in the body, with what kind of thing it is. */
export interface BodyMention { entityId: string, kind: string, start: number, end: number, countryId?: string | null }

export type Attribution = 'said-after' | 'said-before' | 'colon' | 'according-to' | 'pronoun' | 'description' | 'continuation'

export interface FoundQuote {
  text: string
  /** Offset of the text (without its quotation marks) in the body. */
  position: number
  context: string
  speakerId: string | null
  /** Which pattern named the speaker; null when unattributed. */
  attribution: Attribution | null
}

/** Shorter quoted runs are titles, scare quotes or nicknames, not quotations. */
export const minQuoteWords = 4

const closers: Record<string, string> = { '“': '”', '«': '»', '"': '"' }
const speakerKinds = new Set(['leader', 'person', 'organization'])
const personKinds = new Set(['leader', 'person'])

const speechVerbs = [
  'said', 'says', 'say', 'saying', 'told', 'tells', 'telling', 'added', 'adds', 'adding', 'stated', 'states', 'declared',
  'declares', 'warned', 'warns', 'warning', 'insisted', 'insists', 'argued', 'argues', 'explained', 'noted', 'replied',
  'answered', 'announced', 'asked', 'wrote', 'writes', 'tweeted', 'claimed', 'stressed', 'remarked', 'continued',
  'urged', 'vowed', 'promised', 'commented', 'concluded', 'acknowledged', 'admitted', 'recalled', 'responded'
]
const verbPattern = new RegExp(`\\b(?:${speechVerbs.join('|')})\\b`, 'gi')
/** What may stand between a speech verb and the speaker: "said (the) (Foreign Minister) Lavrov". */
const titlePattern = new RegExp(`^\\s*(?:the\\s+)?(?:(?:${titles.map(t => t.replace(/\./g, '\\.')).join('|')})\\s+)*$`, 'i')
/** A name right after one of these ("talks with Erdoğan") is not the subject of the speech verb. */
const prepositions = new RegExp(String.raw`(?<![\p{L}])(?:${['with', 'to', 'by', 'on', 'against', 'from', 'for', 'of', 'about', 'at', 'toward', 'towards', 'than', 'meeting', 'met', 'called']
  .map(w => `[${w[0]}${w[0].toUpperCase()}]${w.slice(1)}`).join('|')})\s+(?:the\s+)?(?:\p{Lu}[\p{L}\p{M}.'’-]*\s+)*$`, 'u')

/**
 * "the Russian president", "the minister" (then perhaps one word: "later"): a role
 * standing for a person named before. The words before the role are in group 1.
 */
const roles = ['president', 'prime minister', 'premier', 'minister', 'chancellor', 'leader', 'king', 'emir', 'sultan', 'ayatollah', 'envoy', 'secretary-general']
const descriptionPattern = new RegExp(String.raw`(?:^|\s)the\s+((?:[\p{L}-]+\s+){0,3}?)(?:${roles.join('|')})\s+(?:\p{L}+\s+)?$`, 'iu')

interface Span { start: number, end: number }

/** Quoted spans of a body: curly, straight and guillemet quotes, never across paragraphs. */
function quotedSpans (body: string): Span[] {
  const spans: Span[] = []
  let i = 0
  while (i < body.length) {
    const closer = closers[body[i]]
    if (!closer || (body[i] === '"' && /[\p{L}\p{N}]/u.test(body[i - 1] ?? ''))) { i++; continue }
    const end = body.indexOf(closer, i + 1)
    const paragraphEnd = body.indexOf('\n\n', i + 1)
    if (end < 0 || (paragraphEnd >= 0 && paragraphEnd < end)) { i++; continue }
    spans.push({ start: i, end: end + 1 })
    i = end + 1
  }
  return spans
}

const isTerminator = (body: string, i: number) => /[.?!]/.test(body[i]) && (i + 1 >= body.length || /\s/.test(body[i + 1]))

function insideAny (spans: Span[], i: number): boolean {
  return spans.some(s => i > s.start && i < s.end - 1)
}

/** The sentence around a quote: from the last full stop before it to the first after it, skipping stops inside quotes. */
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
  const lastPersonBefore = (at: number, countryId?: string) =>
    speakers.filter(m => personKinds.has(m.kind) && m.end <= at && (countryId === undefined || m.countryId === countryId)).pop()
  /** The person a role description between from and to stands for: the last one named, of the country it names if it does. */
  const described = (from: number, to: number, quoteStart: number) => {
    const match = descriptionPattern.exec(body.slice(from, to))
    if (!match) return undefined
    const country = sorted.find(m => m.kind === 'country' && m.start >= from + match.index && m.end <= to)
    return lastPersonBefore(quoteStart, country?.entityId)
  }
  const quotes: FoundQuote[] = []
  let previous: { span: Span, speakerId: string | null, paragraph: number } | null = null

  for (const span of spans) {
    const raw = body.slice(span.start + 1, span.end - 1)
    const text = raw.trim().replace(/[,;:]+$/, '').trimEnd()
    if (wordCount(text) < minQuoteWords) continue
    const position = span.start + 1 + raw.indexOf(text)
    const sentence = sentenceAround(body, spans, span)
    const otherBefore = spans.filter(s => s.end <= span.start && s.end > sentence.start).pop()
    const otherAfter = spans.find(s => s.start >= span.end && s.start < sentence.end)
    const before = { start: otherBefore?.end ?? sentence.start, end: span.start }
    const after = { start: span.end, end: otherAfter?.start ?? sentence.end }
    const paragraph = body.lastIndexOf('\n\n', span.start)

    const speakerIn = (from: number, to: number) => speakers.filter(m => m.start >= from && m.end <= to)
    let found: { speakerId: string, attribution: Attribution } | null = null

    // “...”, Putin said. / “...,” said President Putin. / “...,” he added.
    const afterText = body.slice(after.start, after.end)
    const lead = afterText.match(/^[\s,.;:—–-]*/)![0].length
    const rest = afterText.slice(lead)
    verbPattern.lastIndex = 0
    const verb = verbPattern.exec(rest)
    if (verb) {
      const head = rest.slice(0, verb.index)
      const subject = speakerIn(after.start + lead, after.start + lead + verb.index).pop()
      if (subject && titlePattern.test(body.slice(after.start + lead, subject.start)) && /^\s*$/.test(body.slice(subject.end, after.start + lead + verb.index))) {
        found = { speakerId: subject.entityId, attribution: 'said-after' }
      } else if (/^\s*(?:he|she)\s+$/i.test(head)) {
        const person = lastPersonBefore(span.start)
        if (person) found = { speakerId: person.entityId, attribution: 'pronoun' }
      } else if (/^\s*the\s/i.test(head)) {
        const person = described(after.start + lead, after.start + lead + verb.index, span.start)
        if (person) found = { speakerId: person.entityId, attribution: 'description' }
      } else if (head.trim() === '') {
        const verbEnd = after.start + lead + verb.index + verb[0].length
        const object = speakerIn(verbEnd, after.end)[0]
        if (object && titlePattern.test(body.slice(verbEnd, object.start))) found = { speakerId: object.entityId, attribution: 'said-after' }
      }
    }

    // ... according to Putin. / According to Erdoğan, “...”
    if (!found) {
      for (const part of [after, before]) {
        const match = /\baccording to\b/i.exec(body.slice(part.start, part.end))
        if (!match) continue
        const from = part.start + match.index + match[0].length
        const who = speakerIn(from, part.end)[0]
        if (who && titlePattern.test(body.slice(from, who.start))) { found = { speakerId: who.entityId, attribution: 'according-to' }; break }
      }
    }

    // Erdogan said, “...” / Putin rejected the proposal saying, “...” / he said: “...” / Putin: “...”
    if (!found) {
      const beforeText = body.slice(before.start, before.end)
      const verbs = [...beforeText.matchAll(verbPattern)]
      const lastVerb = verbs[verbs.length - 1]
      if (lastVerb) {
        const verbStart = before.start + lastVerb.index
        const subject = speakerIn(before.start, verbStart).filter(m => !prepositions.test(body.slice(before.start, m.start))).pop()
        const pronoun = /\b(?:he|she)\s+(?:\S+\s+)?$/i.test(body.slice(before.start, verbStart))
        if (pronoun && (!subject || /\b(?:he|she)\b/i.test(body.slice(subject.end, verbStart)))) {
          const person = lastPersonBefore(span.start)
          if (person) found = { speakerId: person.entityId, attribution: 'pronoun' }
        } else if (subject) {
          found = { speakerId: subject.entityId, attribution: 'said-before' }
        } else {
          const person = described(before.start, verbStart, span.start)
          const verbEnd = verbStart + lastVerb[0].length
          const object = speakerIn(verbEnd, before.end)[0]
          if (person) found = { speakerId: person.entityId, attribution: 'description' }
          else if (object && titlePattern.test(body.slice(verbEnd, object.start))) found = { speakerId: object.entityId, attribution: 'said-before' }
        }
      } else if (/:\s*$/.test(beforeText)) {
        const colon = before.start + beforeText.lastIndexOf(':')
        const subject = speakerIn(before.start, colon).pop()
        if (subject && /^\s*$/.test(body.slice(subject.end, colon))) found = { speakerId: subject.entityId, attribution: 'colon' }
      }
    }

    // A second quote in the same paragraph, with no one else named in between, is the same speaker's.
    if (!found && previous?.speakerId && previous.paragraph === paragraph && speakerIn(previous.span.end, span.start).length === 0) {
      found = { speakerId: previous.speakerId, attribution: 'continuation' }
    }

    quotes.push({
      text,
      position,
      context: body.slice(sentence.start, sentence.end).trim(),
      speakerId: found?.speakerId ?? null,
      attribution: found?.attribution ?? null
    })
    previous = { span, speakerId: found?.speakerId ?? null, paragraph }
  }
  return quotes
}
