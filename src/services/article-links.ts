import type { Db } from '../db/client.js'
import { ProblemError, validationType, type FieldError } from '../errors.js'
import { toAuthorRef } from './authors.js'
import type { AuthorRef } from '../schemas/author.js'
import type { SectionRef } from '../schemas/section.js'
import { narrowCap, related, type FilterMapper } from './list-query.js'

// What an article links to by slug beyond its text: its authors (in byline order) and
// its section. Written with the article (ArticleService.upsert), read with it, and
// filterable in the article list (filter[author], filter[section]).

/** Prisma include for an article's authors and section. */
export const withLinks = {
  authors: { include: { author: { select: { slug: true, name: true, role: true, avatarUrl: true } } }, orderBy: { position: 'asc' as const } },
  section: { include: { section: { select: { slug: true, name: true, path: true } } } }
}

/** What stateOf (article-state.ts) reads: every editable field, tags and lead image included. */
export const withState = {
  tags: { include: { tag: true }, orderBy: { position: 'asc' as const } },
  ...withLinks,
  images: { select: { imageId: true, role: true } }
}

export type LinkRows = {
  authors: Array<{ author: { slug: string, name: string, role: string | null, avatarUrl: string | null } }>
  section: { section: { slug: string, name: string, path: string } } | null
}

export function linksOf (row: LinkRows): { authors: AuthorRef[], section: SectionRef | null } {
  return {
    authors: row.authors.map(a => toAuthorRef(a.author)),
    section: row.section ? { slug: row.section.section.slug, name: row.section.section.name, path: row.section.section.path } : null
  }
}

/** The ids of the authors and section an article names by slug, and its lead image; a 400 naming each unknown one (under `pointer`, e.g. "/articles/0"). */
export async function resolveLinks (db: Db, input: { authors: string[], section: string | null, leadImage?: string | null }, pointer = ''): Promise<{ authorIds: string[], sectionId: string | null, leadImageId?: string | null }> {
  const errors: FieldError[] = []
  const found = new Map((await db.author.findMany({ where: { slug: { in: input.authors } }, select: { id: true, slug: true } })).map(a => [a.slug, a.id]))
  input.authors.forEach((slug, i) => { if (!found.has(slug)) errors.push({ in: 'body', pointer: `${pointer}/authors/${i}`, message: `names no author ("${slug}"); create it with POST /v1/authors` }) })
  let sectionId: string | null = null
  if (input.section !== null) {
    sectionId = (await db.section.findUnique({ where: { slug: input.section }, select: { id: true } }))?.id ?? null
    if (!sectionId) errors.push({ in: 'body', pointer: `${pointer}/section`, message: `names no section ("${input.section}"); create it with POST /v1/sections` })
  }
  const leadImageId = input.leadImage
  if (leadImageId != null && !await db.image.findUnique({ where: { id: leadImageId }, select: { id: true } })) {
    errors.push({ in: 'body', pointer: `${pointer}/leadImage`, message: `names no image ("${leadImageId}"); upload it with POST /v1/images` })
  }
  if (errors.length > 0) throw new ProblemError(400, errors.map(e => `${e.in} ${e.pointer} ${e.message}`).join('; '), { type: validationType, errors })
  return { authorIds: input.authors.map(slug => found.get(slug)!), sectionId, leadImageId }
}

/** Writes an article's authors (in order) and section, replacing what it had. */
export async function writeLinks (db: Db, articleId: string, links: { authorIds: string[], sectionId: string | null, leadImageId?: string | null }): Promise<void> {
  await db.articleAuthor.deleteMany({ where: { articleId } })
  if (links.authorIds.length > 0) await db.articleAuthor.createMany({ data: links.authorIds.map((authorId, position) => ({ articleId, authorId, position })) })
  if (links.sectionId) await db.articleSection.upsert({ where: { articleId }, create: { articleId, sectionId: links.sectionId }, update: { sectionId: links.sectionId } })
  else await db.articleSection.deleteMany({ where: { articleId } })
  if (links.leadImageId === undefined) return
  await db.articleImage.deleteMany({ where: { articleId, OR: [{ role: 'lead' }, ...(links.leadImageId ? [{ imageId: links.leadImageId }] : [])] } })
  if (links.leadImageId) await db.articleImage.create({ data: { articleId, imageId: links.leadImageId, role: 'lead', position: 0 } })
}

/** Sections nest at most this deep (World > Middle East > Syria), so a section's subtree is one query. */
export const maxSectionDepth = 3

/** Sections with this slug, or whose parent or grandparent has it. */
function inSubtree (slugs: string | { in: string[] }) {
  return { OR: [{ slug: slugs }, { parent: { slug: slugs } }, { parent: { parent: { slug: slugs } } }] }
}

export function authorFilter (db: Db): FilterMapper {
  return related(
    slug => ({ authors: { some: { author: { slug } } } }),
    async (slug, take) => {
      const author = await db.author.findUnique({ where: { slug }, select: { id: true } })
      if (!author) return []
      return (await db.articleAuthor.findMany({ where: { authorId: author.id }, select: { articleId: true }, orderBy: { articleId: 'asc' }, take })).map(r => r.articleId)
    }
  )
}

/** filter[section]: articles in the section or any section below it. */
export function sectionFilter (db: Db): FilterMapper {
  return related(
    slugs => ({ section: { section: inSubtree(slugs) } }),
    async (slug, take) => {
      const ids = (await db.section.findMany({ where: inSubtree(slug), select: { id: true }, take: narrowCap })).map(s => s.id)
      if (ids.length === 0) return []
      return (await db.articleSection.findMany({ where: { sectionId: { in: ids } }, select: { articleId: true }, orderBy: { articleId: 'asc' }, take })).map(r => r.articleId)
    }
  )
}
