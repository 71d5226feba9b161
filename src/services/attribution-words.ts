import { titles } from './linker.js'

// The words of attribution that the quote finder reads: speech verbs, the roles and
// titles that stand around a speaker's name, the words that make a name an object
// rather than a subject, and the abbreviations whose full stop ends no sentence.

const speechVerbList = [
  'said', 'says', 'say', 'saying', 'told', 'tells', 'telling', 'added', 'adds', 'adding', 'stated', 'states', 'declared',
  'declares', 'warned', 'warns', 'warning', 'insisted', 'insists', 'argued', 'argues', 'explained', 'noted', 'replied',
  'answered', 'announced', 'asked', 'wrote', 'writes', 'writing', 'tweeted', 'tweets', 'posted', 'posting', 'claimed',
  'stressed', 'stress', 'remarked', 'continued', 'urged', 'vowed', 'promised', 'commented', 'concluded', 'acknowledged',
  'admitted', 'recalled', 'responded', 'spoke', 'speaking', 'defended', 'criticised', 'criticized', 'addressed',
  'described', 'describing', 'condemned', 'denounced', 'reiterated', 'emphasized', 'emphasised', 'called', 'calling',
  'observed', 'suggested', 'predicted', 'pledged', 'conceded', 'countered', 'complained', 'quipped', 'cautioned'
]

/**
 * Speech verbs in a text, each search with its own regular expression so that no
 * state carries from one search to the next. Lower case only: a capitalised word
 * ("States" in "United States") is a name, not a verb.
 */
export function speechVerbs (text: string): RegExpExecArray[] {
  return [...text.matchAll(new RegExp(`(?<![\\p{L}])(?:${speechVerbList.join('|')})(?![\\p{L}])`, 'gu'))]
}

/** Lower-case words that make up a role before or after a name: "government spokesman", "the deputy secretary". */
const roleWords = [
  'spokesman', 'spokeswoman', 'spokesperson', 'minister', 'secretary', 'president', 'prime', 'chairman', 'chairwoman',
  'chair', 'chief', 'leader', 'envoy', 'ambassador', 'official', 'adviser', 'advisor', 'commander', 'general', 'governor',
  'mayor', 'senator', 'deputy', 'acting', 'former', 'then', 'senior', 'government', 'foreign', 'defence', 'defense',
  'press', 'presidential', 'military', 'army', 'party', 'ministry', 'state', 'national', 'security', 'interior', 'affairs',
  'director', 'head', 'representative', 'special', 'vice', 'top', 'diplomat', 'lawmaker', 'activist', 'journalist',
  'correspondent', 'analyst', 'member', 'officer', 'king', 'queen', 'emir', 'sultan', 'envoy', 'premier', 'chancellor',
  'admiral', 'colonel', 'lieutenant', 'sergeant', 'captain', 'major', 'private', 'petty', 'class', 'first', 'staff', 'master'
]
const titleWords = titles.map(t => t.replace(/\./g, '\\.'))
const roleToken = String.raw`(?:the|a|an|of|for|to|and|\d+(?:st|nd|rd|th)|${roleWords.join('|')}|${titleWords.join('|')}|\p{Lu}[\p{L}\p{M}.'’-]*)`
/**
 * What may stand between a speech verb and the speaker, or before a speaker's name:
 * titles, roles and their capitalised parts, ordinals ("1st Class"), "of" and "to" inside them ("said
 * government spokesman", "President of Egypt", "Former Ambassador to the United Nations").
 */
export const rolePattern = new RegExp(String.raw`^\s*(?:${roleToken}\s+)*$`, 'u')

/** A name right after one of these ("talks with Erdoğan", "met Putin") is the object, not the subject. */
export const objectMarker = new RegExp(String.raw`(?<![\p{L}])(?:${['with', 'to', 'by', 'on', 'against', 'from', 'for', 'of', 'about', 'at', 'toward', 'towards', 'than', 'meeting', 'met', 'called', 'thanked', 'praised', 'accused', 'urged', 'warned', 'told', 'asked', 'invited', 'welcomed', 'blamed', 'criticised', 'criticized', 'congratulated', 'phoned', 'and']
  .map(w => `[${w[0]}${w[0].toUpperCase()}]${w.slice(1)}`).join('|')})\s+(?:the\s+)?(?:\p{Lu}[\p{L}\p{M}.'’-]*\s+)*$`, 'u')

/**
 * "the Russian president", "the secretary" (then up to four words: "also", "took the
 * opportunity to"): a role standing for a person named before. The role is group 2.
 */
const roles = ['president', 'prime minister', 'premier', 'minister', 'chancellor', 'leader', 'king', 'emir', 'sultan', 'ayatollah', 'envoy', 'secretary-general', 'secretary', 'spokesman', 'spokeswoman', 'spokesperson', 'chairman', 'general', 'admiral', 'ambassador', 'governor', 'mayor', 'senator', 'commander']
export const descriptionPattern = new RegExp(String.raw`(?:^|\s)the\s+((?:[\p{L}-]+\s+){0,3}?)(${roles.join('|')})\s+(?:[\p{L}]+\s+){0,4}$`, 'iu')

const abbreviations = new Set(['mr', 'mrs', 'ms', 'dr', 'gen', 'lt', 'col', 'maj', 'capt', 'adm', 'sgt', 'cpl', 'pvt', 'rep', 'sen', 'gov', 'st', 'jr', 'sr', 'prof', 'rev', 'no', 'jan', 'feb', 'aug', 'sept', 'sep', 'oct', 'nov', 'dec', 'vol', 'gens', 'brig', 'cmdr', 'cdr'])

/** Whether the full stop at i closes a word that is an abbreviation or an initial ("Adm.", "J.", "U.S."). */
export function isAbbreviation (body: string, i: number): boolean {
  if (body[i] !== '.') return false
  const word = /[\p{L}.]+$/u.exec(body.slice(Math.max(0, i - 12), i))?.[0] ?? ''
  if (word === '') return false
  if (word.includes('.')) return true
  if (/^\p{Lu}$/u.test(word)) return true
  return abbreviations.has(word.toLowerCase())
}

const nameWord = String.raw`(?:(?:al|el|ad|bin|ibn|de|van|von|da)[-\s])?\p{Lu}[\p{L}\p{M}'’-]+`
const capitalRun = new RegExp(String.raw`(?:${nameWord}|\p{Lu}\.)(?:\s+(?:${nameWord}|\p{Lu}\.))*$`, 'u')
const titleWordSet = new Set(titles.flatMap(t => t.toLowerCase().replace(/\./g, '').split(/[\s-]+/)).concat(roleWords))
const notNames = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'the', 'but', 'and', 'he', 'she', 'it', 'they', 'we'])

/**
 * A person's name the registry lacks, written at the end of `text` ("…Kremlin
 * spokesman Dmitry Peskov"), with the role before it ("Kremlin spokesman"): at
 * least two capitalised words after the last title or role word. Null when there is none.
 */
export function trailingName (text: string): { name: string, role: string | null, start: number } | null {
  const run = capitalRun.exec(text.trimEnd())
  if (!run) return null
  const words = run[0].split(/\s+/)
  let cut = 0
  words.forEach((word, i) => { if (titleWordSet.has(word.toLowerCase().replace(/\./g, ''))) cut = i + 1 })
  const nameWords = words.slice(cut)
  if (nameWords.length < 2 || nameWords.some(w => notNames.has(w.toLowerCase()))) return null
  const name = nameWords.join(' ')
  const start = run.index + run[0].lastIndexOf(name)
  const roleText = (text.slice(0, run.index) + words.slice(0, cut).join(' ')).match(new RegExp(String.raw`(?:${roleToken}\s*)+$`, 'u'))?.[0]
  const role = roleText?.replace(/^(?:the|a|an)\s+/i, '').trim() || null
  return { name, role, start }
}
