import { Type, type Static, type TOptional, type TSchema } from 'typebox'
import { Id, Nullable, Slug } from './common.js'
import { ArticleStatus } from './article.js'

// An article's editable fields, defined once. The write (POST/PUT), patch, bundle and
// revision shapes are made from `articleFields`; the writer fills absent fields from
// `articleFieldRules` defaults and decides "is this a change?" by iterating the same
// keys. Adding a field to articles: one entry here (schema and rule), the column in
// both Prisma schemas and a migration. A field stored in another table (tags, authors,
// section, leadImage) also gets a reader and writer in services/article-state.ts.

const Name = Type.String({ minLength: 1, maxLength: 200 })

export const articleFields = {
  title: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }),
  standfirst: Nullable(Type.String({ minLength: 1, maxLength: 1000 })),
  body: Type.String({ minLength: 1, maxLength: 200_000, description: 'Plain text; paragraphs are separated by a blank line.' }),
  dateline: Nullable(Name),
  byline: Nullable(Name),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 30, uniqueItems: true }),
  authors: Type.Array(Slug, { maxItems: 20, uniqueItems: true, description: 'Author slugs, in byline order (see /v1/authors).', examples: [['maria-haddad']] }),
  section: Nullable({ ...Slug, description: 'The section\'s slug (see /v1/sections).', examples: ['middle-east'] }),
  status: { ...ArticleStatus, description: 'draft (the default), scheduled (needs a future publishedAt), published (publishedAt defaults to when it first went public, else now) or archived.' },
  publishedAt: Nullable(Type.String({ format: 'date-time', description: 'When the article is or becomes public.' })),
  commentsOpen: Type.Boolean(),
  leadImage: Nullable({ ...Id, description: 'The id of the article\'s lead image (see /v1/images); its caption, credit, alt text, focal point and variant URLs show in the article.', examples: ['5b3c1c52-6f0e-4c1a-9a57-2f1d3c6a9e10'] })
}

export type ArticleFields = typeof articleFields
export type ArticleField = keyof ArticleFields
/** Every editable field of an article, filled (what revisions store and the writer compares). */
export type ArticleState = { slug: string } & { [K in ArticleField]: Static<ArticleFields[K]> }

interface Rule<T> {
  /** The value when a write leaves the field out; no default: the field is required on create. */
  default?: T
  /** Part of the story a reader sees: a change once public moves dateModified. */
  editorial: boolean
  /** A revision restore brings it back (status and publish time stay as they are). */
  restored: boolean
  /** A date-time, compared and stored as an instant. */
  instant?: true
}

export const articleFieldRules: { [K in ArticleField]: Rule<Static<ArticleFields[K]>> } = {
  title: { editorial: true, restored: true },
  standfirst: { default: null, editorial: true, restored: true },
  body: { editorial: true, restored: true },
  dateline: { default: null, editorial: true, restored: true },
  byline: { default: null, editorial: true, restored: true },
  tags: { default: [], editorial: true, restored: true },
  authors: { default: [], editorial: true, restored: true },
  section: { default: null, editorial: true, restored: true },
  status: { default: 'draft', editorial: false, restored: false },
  publishedAt: { default: null, editorial: false, restored: false, instant: true },
  commentsOpen: { default: true, editorial: false, restored: true },
  leadImage: { default: null, editorial: true, restored: true }
}

export const articleFieldNames = Object.keys(articleFields) as ArticleField[]

type Optional<R extends ArticleField> = { [K in ArticleField]: K extends R ? ArticleFields[K] : TOptional<ArticleFields[K]> }

/** The fields as object properties: those named in `required` required, the rest optional. */
export function articleProperties<R extends ArticleField = never> (required: readonly R[] = []): Optional<R> {
  const properties: Record<string, TSchema> = {}
  for (const name of articleFieldNames) {
    properties[name] = required.includes(name as R) ? articleFields[name] : Type.Optional(articleFields[name])
  }
  return properties as Optional<R>
}

/** Fields a create must send: those without a default in articleFieldRules. */
export const requiredOnCreate = ['title', 'body'] as const

/** A partial article filled from the defaults, instants normalised to ISO 8601 UTC. */
export function fillArticle (slug: string, input: Partial<Omit<ArticleState, 'slug'>>, base?: ArticleState): ArticleState {
  const state: Record<string, unknown> = { slug }
  for (const name of articleFieldNames) {
    const rule = articleFieldRules[name] as Rule<unknown>
    let value = input[name] !== undefined ? input[name] : base !== undefined ? base[name] : rule.default
    if (value === undefined) throw new Error(`article field ${name} has no value and no default`)
    if (rule.instant && typeof value === 'string') value = new Date(value).toISOString()
    state[name] = value
  }
  return state as ArticleState
}

/** The fields that differ between two filled articles (slug aside). */
export function changedFields (a: ArticleState, b: ArticleState): ArticleField[] {
  return articleFieldNames.filter(name => JSON.stringify(a[name]) !== JSON.stringify(b[name]))
}
