import type { Db } from '../db/client.js'
import type { WriteDoor } from './compose.js'
import { ProblemError, notFound } from '../errors.js'
import { authorList, type Author, type AuthorPatch, type AuthorRef, type AuthorWrite } from '../schemas/author.js'
import { slugFrom } from './slugs.js'
import { listPage } from './list-pipeline.js'
import { pickFields, scalar, whereOf, type FilterMapper, type ListQuery } from './list-query.js'
import type { Page } from './pagination.js'
import type { Site } from './site.js'

// Authors: public reads, and writes (content:write) through the unit of work, each
// recording an author.created|updated|deleted change.

const filters: Record<keyof typeof authorList.filters, FilterMapper> = {
  slug: scalar('slug'),
  name: scalar('name'),
  updatedAt: scalar('updatedAt')
}

export interface AuthorRow {
  id: string, slug: string, name: string, bio: string | null, role: string | null, avatarUrl: string | null, links: string, updatedAt: Date
}

export function toAuthorRef (row: Pick<AuthorRow, 'slug' | 'name' | 'role' | 'avatarUrl'>): AuthorRef {
  return { slug: row.slug, name: row.name, role: row.role, avatar: row.avatarUrl }
}

/** "A", "A and B", "A, B and C": a byline made from the authors' names. */
export function bylineOf (names: string[]): string | null {
  if (names.length === 0) return null
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

export class AuthorService {
  constructor (private readonly db: Db, private readonly site: Site) {}

  toAuthor (row: AuthorRow): Author {
    return {
      slug: row.slug,
      name: row.name,
      bio: row.bio,
      role: row.role,
      avatar: row.avatarUrl,
      links: JSON.parse(row.links) as string[],
      url: this.site.author(row.slug),
      updatedAt: row.updatedAt.toISOString()
    }
  }

  async list (query: ListQuery): Promise<Page<Partial<Author>>> {
    return await listPage(query, {
      where: await whereOf(query.conditions, filters),
      find: args => this.db.author.findMany(args),
      count: where => this.db.author.count({ where })
    }, row => pickFields(this.toAuthor(row), query.fields))
  }

  async get (slug: string): Promise<Author> {
    const row = await this.db.author.findUnique({ where: { slug } })
    if (!row) throw notFound(`Author "${slug}"`)
    return this.toAuthor(row)
  }
}

export class AuthorWriter {
  constructor (private readonly door: WriteDoor) {}

  async create (input: AuthorWrite): Promise<Author> {
    const slug = input.slug ?? slugFrom(input.name, '/name')
    return this.door.unitOfWork.run(async (tx, changes) => {
      if (await tx.author.findUnique({ where: { slug }, select: { id: true } })) {
        throw new ProblemError(409, `An author with the slug "${slug}" already exists; PATCH /v1/authors/${slug} changes it.`)
      }
      const row = await tx.author.create({
        data: { slug, name: input.name, bio: input.bio ?? null, role: input.role ?? null, avatarUrl: input.avatar ?? null, links: JSON.stringify(input.links ?? []) }
      })
      const author = this.door.readers(tx).authors.toAuthor(row)
      changes.record({ resource: 'author', id: slug, event: 'created', data: author })
      return author
    })
  }

  async patch (slug: string, input: AuthorPatch): Promise<Author> {
    return this.door.unitOfWork.run(async (tx, changes) => {
      const existing = await tx.author.findUnique({ where: { slug }, select: { id: true } })
      if (!existing) throw notFound(`Author "${slug}"`)
      const row = await tx.author.update({
        where: { id: existing.id },
        data: {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.bio !== undefined ? { bio: input.bio } : {}),
          ...(input.role !== undefined ? { role: input.role } : {}),
          ...(input.avatar !== undefined ? { avatarUrl: input.avatar } : {}),
          ...(input.links !== undefined ? { links: JSON.stringify(input.links) } : {})
        }
      })
      const author = this.door.readers(tx).authors.toAuthor(row)
      changes.record({ resource: 'author', id: slug, event: 'updated', data: author })
      return author
    })
  }

  /** Deletes an author no article names; otherwise a 409 naming the articles. */
  async delete (slug: string): Promise<void> {
    await this.door.unitOfWork.run(async (tx, changes) => {
      const existing = await tx.author.findUnique({ where: { slug }, select: { id: true } })
      if (!existing) throw notFound(`Author "${slug}"`)
      const uses = await tx.articleAuthor.findMany({ where: { authorId: existing.id }, select: { article: { select: { slug: true } } }, orderBy: { articleId: 'asc' }, take: 21 })
      if (uses.length > 0) {
        const names = uses.slice(0, 20).map(u => u.article.slug)
        throw new ProblemError(409, `Author "${slug}" is named by ${uses.length > 20 ? 'more than 20 articles, among them' : `${uses.length} article${uses.length === 1 ? '' : 's'}:`} ${names.join(', ')}; take the author off them first.`)
      }
      await tx.author.delete({ where: { id: existing.id } })
      changes.record({ resource: 'author', id: slug, event: 'deleted', data: { slug } })
    })
  }
}
