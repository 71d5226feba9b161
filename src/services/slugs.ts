import slugify from '@sindresorhus/slugify'
import { ProblemError, validationType } from '../errors.js'

/** A slug from a title or name: diacritics folded ("Erdoğan" -> "erdogan"), at most 200 characters. */
export function slugFrom (text: string, pointer: string): string {
  const slug = slugify(text).slice(0, 200).replace(/-+$/, '')
  if (!slug) throw new ProblemError(400, `body ${pointer.slice(1)} has no letters or digits to make a slug from; send a slug.`, { type: validationType, errors: [{ in: 'body', pointer, message: 'has no letters or digits to make a slug from; send a slug' }] })
  return slug
}
