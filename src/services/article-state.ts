import { articleFieldNames, articleFieldRules, type ArticleField, type ArticleState } from '../schemas/article-fields.js'

// An article's editable state (schemas/article-fields.ts) as the database holds it.
// Column fields are read and written by name; a field kept in another table is listed
// in `linkedFields` with its reader here and its writer in ArticleService.upsert.

export const linkedFields = ['tags', 'authors', 'section', 'leadImage'] as const
export type LinkedField = typeof linkedFields[number]
export type ColumnField = Exclude<ArticleField, LinkedField>

/** A stored article read with the include `withState` (services/articles.ts). */
export type StoredArticle = { slug: string } & { [K in ColumnField]: unknown } & {
  tags: Array<{ tag: { name: string } }>
  authors: Array<{ author: { slug: string } }>
  section: { section: { slug: string } } | null
  images: Array<{ imageId: string, role: string }>
}

const readLinked: { [K in LinkedField]: (row: StoredArticle) => ArticleState[K] } = {
  tags: row => row.tags.map(t => t.tag.name),
  authors: row => row.authors.map(a => a.author.slug),
  section: row => row.section?.section.slug ?? null,
  leadImage: row => row.images.find(i => i.role === 'lead')?.imageId ?? null
}

const isLinked = (name: ArticleField): name is LinkedField => (linkedFields as readonly string[]).includes(name)

/** The stored article's editable state, in the shape writes and revisions use. */
export function stateOf (row: StoredArticle): ArticleState {
  const state: Record<string, unknown> = { slug: row.slug }
  for (const name of articleFieldNames) {
    const value = isLinked(name) ? readLinked[name](row) : row[name]
    state[name] = value instanceof Date ? value.toISOString() : value
  }
  return state as ArticleState
}

/** The column part of a state, as Prisma's data (instants as Dates). */
export function columnsOf (state: ArticleState): { [K in ColumnField]: K extends 'publishedAt' ? Date | null : ArticleState[K] } {
  const columns: Record<string, unknown> = {}
  for (const name of articleFieldNames) {
    if (isLinked(name)) continue
    const value = state[name]
    columns[name] = articleFieldRules[name].instant && typeof value === 'string' ? new Date(value) : value
  }
  return columns as ReturnType<typeof columnsOf>
}

/** Whether a change touches what a reader sees as the story (not status, publish time or comment setting). */
export const editorialFields = articleFieldNames.filter(name => articleFieldRules[name].editorial)
/** What a revision restore brings back. */
export const restoredFields = articleFieldNames.filter(name => articleFieldRules[name].restored)
