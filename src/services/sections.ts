import type { Db } from '../db/client.js'
import type { ChangeLog } from '../db/unit-of-work.js'
import type { WriteDoor } from './compose.js'
import { ProblemError, invalid, notFound } from '../errors.js'
import type { Section, SectionPatch, SectionWrite } from '../schemas/section.js'
import { maxSectionDepth } from './article-links.js'
import { slugFrom } from './slugs.js'
import type { Site } from './site.js'
import { publicArticles } from './visibility.js'

// Sections form a tree (World > Middle East), at most three deep. Each stores its
// path of slugs (world/middle-east), kept in step when a section moves, so an
// article's page URL and a section's subtree need no recursive query. Writes go
// through the unit of work and record section.created|updated|deleted.

type Row = { id: string, slug: string, name: string, description: string | null, parentId: string | null, path: string, position: number, updatedAt: Date }

export interface SectionInput { slug: string, name: string, description?: string | null, parent?: string | null, position?: number }

export class SectionService {
  constructor (private readonly db: Db, private readonly site: Site) {}

  /** Every section, depth-first (parents before children; siblings by position, then name), with public article counts of its subtree. */
  async list (): Promise<Section[]> {
    const rows = await this.db.section.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }] })
    const counts = await this.db.articleSection.groupBy({ by: ['sectionId'], where: { article: publicArticles() }, _count: { _all: true } })
    const own = new Map(counts.map(c => [c.sectionId, c._count._all]))
    const byId = new Map(rows.map(r => [r.id, r]))
    const total = new Map<string, number>()
    for (const row of rows) {
      // Add this section's own articles to it and to every section above it.
      for (let at: Row | undefined = row; at; at = at.parentId ? byId.get(at.parentId) : undefined) {
        total.set(at.id, (total.get(at.id) ?? 0) + (own.get(row.id) ?? 0))
      }
    }
    const children = (parentId: string | null): Section[] => rows
      .filter(r => r.parentId === parentId)
      .flatMap(r => [this.#toSection(r, byId, total.get(r.id) ?? 0), ...children(r.id)])
    return children(null)
  }

  async get (slug: string): Promise<Section> {
    const found = (await this.list()).find(s => s.slug === slug)
    if (!found) throw notFound(`Section "${slug}"`)
    return found
  }

  #toSection (row: Row, byId: Map<string, Row>, articleCount: number): Section {
    return {
      slug: row.slug,
      name: row.name,
      description: row.description,
      path: row.path,
      parent: row.parentId ? byId.get(row.parentId)?.slug ?? null : null,
      position: row.position,
      articleCount,
      url: this.site.section(row.path),
      updatedAt: row.updatedAt.toISOString()
    }
  }
}

/** How many levels a section's subtree spans below it (0 for a leaf). */
async function heightBelow (db: Db, path: string): Promise<number> {
  const below = await db.section.findMany({ where: { path: { startsWith: `${path}/` } }, select: { path: true } })
  return Math.max(0, ...below.map(b => b.path.split('/').length - path.split('/').length))
}

/**
 * Creates or changes a section by slug, writing nothing when it already matches.
 * A new parent moves its subtree (paths follow); a section cannot go under itself or
 * below three levels. `pointer` prefixes the fields a 400 names (for bundles).
 */
export async function upsertSection (db: Db, input: SectionInput, pointer = ''): Promise<{ change: 'created' | 'updated' | 'unchanged', slug: string }> {
  const existing = await db.section.findUnique({ where: { slug: input.slug } })
  let parent: Row | null = null
  const parentSlug = input.parent !== undefined ? input.parent : null
  if (parentSlug) {
    parent = await db.section.findUnique({ where: { slug: parentSlug } })
    if (!parent) throw invalid('body', `${pointer}/parent`, `names no section ("${parentSlug}")`)
    if (existing && (parent.id === existing.id || parent.path.startsWith(`${existing.path}/`))) throw invalid('body', `${pointer}/parent`, 'is the section itself or one below it')
  }
  const path = parent ? `${parent.path}/${input.slug}` : input.slug
  const depth = path.split('/').length + (existing ? await heightBelow(db, existing.path) : 0)
  if (depth > maxSectionDepth) throw invalid('body', `${pointer}/parent`, `would nest sections ${depth} deep; at most ${maxSectionDepth}`)
  const data = { name: input.name, description: input.description ?? null, parentId: parent?.id ?? null, path, position: input.position ?? 0 }
  if (!existing) {
    await db.section.create({ data: { slug: input.slug, ...data } })
    return { change: 'created', slug: input.slug }
  }
  if (existing.name === data.name && existing.description === data.description && existing.parentId === data.parentId && existing.position === data.position) {
    return { change: 'unchanged', slug: input.slug }
  }
  await db.section.update({ where: { id: existing.id }, data })
  if (existing.path !== path) {
    for (const below of await db.section.findMany({ where: { path: { startsWith: `${existing.path}/` } }, select: { id: true, path: true } })) {
      await db.section.update({ where: { id: below.id }, data: { path: path + below.path.slice(existing.path.length) } })
    }
  }
  return { change: 'updated', slug: input.slug }
}

export class SectionWriter {
  constructor (private readonly door: WriteDoor) {}

  async #record (tx: Db, changes: ChangeLog, slug: string, event: string): Promise<Section> {
    const section = await this.door.readers(tx).sections.get(slug)
    changes.record({ resource: 'section', id: slug, event, data: section })
    return section
  }

  async create (input: SectionWrite): Promise<Section> {
    const slug = input.slug ?? slugFrom(input.name, '/name')
    return this.door.unitOfWork.run(async (tx, changes) => {
      if (await tx.section.findUnique({ where: { slug }, select: { id: true } })) {
        throw new ProblemError(409, `A section with the slug "${slug}" already exists; PATCH /v1/sections/${slug} changes it.`)
      }
      await upsertSection(tx, { ...input, slug })
      return this.#record(tx, changes, slug, 'created')
    })
  }

  async patch (slug: string, input: SectionPatch): Promise<Section> {
    return this.door.unitOfWork.run(async (tx, changes) => {
      const existing = await tx.section.findUnique({ where: { slug }, include: { parent: { select: { slug: true } } } })
      if (!existing) throw notFound(`Section "${slug}"`)
      const result = await upsertSection(tx, {
        slug,
        name: input.name ?? existing.name,
        description: input.description !== undefined ? input.description : existing.description,
        parent: input.parent !== undefined ? input.parent : existing.parent?.slug ?? null,
        position: input.position ?? existing.position
      })
      if (result.change === 'unchanged') return this.door.readers(tx).sections.get(slug)
      return this.#record(tx, changes, slug, 'updated')
    })
  }

  /** Deletes a section with no sections below it and no articles; otherwise a 409 naming them. */
  async delete (slug: string): Promise<void> {
    await this.door.unitOfWork.run(async (tx, changes) => {
      const existing = await tx.section.findUnique({ where: { slug }, include: { children: { select: { slug: true } } } })
      if (!existing) throw notFound(`Section "${slug}"`)
      if (existing.children.length > 0) throw new ProblemError(409, `Section "${slug}" has sections below it: ${existing.children.map(c => c.slug).join(', ')}; move or delete them first.`)
      const uses = await tx.articleSection.findMany({ where: { sectionId: existing.id }, select: { article: { select: { slug: true } } }, orderBy: { articleId: 'asc' }, take: 21 })
      if (uses.length > 0) {
        throw new ProblemError(409, `Section "${slug}" holds ${uses.length > 20 ? 'more than 20 articles, among them' : `${uses.length} article${uses.length === 1 ? '' : 's'}:`} ${uses.slice(0, 20).map(u => u.article.slug).join(', ')}; move them first.`)
      }
      await tx.section.delete({ where: { id: existing.id } })
      changes.record({ resource: 'section', id: slug, event: 'deleted', data: { slug } })
    })
  }
}
