import slugify from '@sindresorhus/slugify'
import type { Db } from '../db/client.js'
import type { WriteDoor } from './compose.js'
import { notFound, ProblemError, validationType, type FieldError } from '../errors.js'
import type { TagDetail, TagPatch } from '../schemas/section.js'
import { afterCursor, decodeCursor, orderBy, toPage, type Page, type SortKey } from './pagination.js'
import type { Site } from './site.js'
import { publicArticles } from './visibility.js'

// Tags as a resource: every tag by slug with how many public articles carry it. Tags
// are made by naming them on an article; an editor may rename or describe one.

const bySlug: SortKey[] = [{ field: 'slug', direction: 'asc', type: 'string' }, { field: 'id', direction: 'asc', type: 'string' }]

type Row = { id: string, slug: string, name: string, description: string | null }

export class TagService {
  constructor (private readonly db: Db, private readonly site: Site) {}

  async #counted (rows: Row[]): Promise<TagDetail[]> {
    const counts = rows.length === 0
      ? []
      : await this.db.articleTag.groupBy({ by: ['tagId'], where: { tagId: { in: rows.map(r => r.id) }, article: publicArticles() }, _count: { _all: true } })
    const countOf = new Map(counts.map(c => [c.tagId, c._count._all]))
    return rows.map(r => ({ slug: r.slug, name: r.name, description: r.description, articleCount: countOf.get(r.id) ?? 0, url: this.site.tag(r.slug) }))
  }

  /** Tags by slug, a page at a time, each with its public article count. */
  async list (query: { limit?: number, cursor?: string, 'filter[slug][prefix]'?: string }): Promise<Page<TagDetail>> {
    const limit = query.limit ?? 20
    const prefix = query['filter[slug][prefix]']
    const rows = await this.db.tag.findMany({
      where: { AND: [prefix ? { slug: { startsWith: prefix } } : {}, afterCursor(bySlug, decodeCursor(query.cursor, bySlug))] },
      orderBy: orderBy(bySlug),
      take: limit + 1
    })
    const page = toPage(rows, limit, bySlug)
    return { ...page, data: await this.#counted(page.data) }
  }

  async get (slug: string): Promise<TagDetail> {
    const row = await this.db.tag.findUnique({ where: { slug } })
    if (!row) throw notFound(`Tag "${slug}"`)
    return (await this.#counted([row]))[0]
  }
}

export class TagWriter {
  constructor (private readonly door: WriteDoor) {}

  /** Renames or describes a tag; its slug stays (articles name tags by name, so a rename shows on each). */
  async patch (slug: string, input: TagPatch): Promise<TagDetail> {
    return this.door.unitOfWork.run(async (tx, changes) => {
      const existing = await tx.tag.findUnique({ where: { slug }, select: { id: true } })
      if (!existing) throw notFound(`Tag "${slug}"`)
      await tx.tag.update({
        where: { id: existing.id },
        data: { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.description !== undefined ? { description: input.description } : {}) }
      })
      const tag = await this.door.readers(tx).tags.get(slug)
      changes.record({ resource: 'tag', id: slug, event: 'updated', data: tag })
      return tag
    })
  }
}

/** A tag's slug: the one rule, for storing and for checking. */
export const tagSlug = (name: string): string => slugify(name)

/**
 * Refuses, naming the tag, what would otherwise fail at the database or store a tag
 * nobody can link to: a name with no letters or digits (an empty slug), and two
 * names that make the same slug ("Syria" and "syria", "a b" and "a-b").
 */
export function checkTags (names: string[], pointer = ''): void {
  const errors: FieldError[] = []
  const first = new Map<string, number>()
  names.forEach((name, i) => {
    const slug = tagSlug(name)
    const at = `${pointer}/tags/${i}`
    if (!slug) errors.push({ in: 'body', pointer: at, message: `"${name}" has no letters or digits to make a tag from` })
    else if (first.has(slug)) errors.push({ in: 'body', pointer: at, message: `"${name}" is the same tag as "${names[first.get(slug)!]}" (both are "${slug}"); send it once` })
    else first.set(slug, i)
  })
  if (errors.length > 0) throw new ProblemError(400, errors.map(e => `${e.in} ${e.pointer} ${e.message}`).join('; '), { type: validationType, errors })
}
