import type { Db } from '../db/client.js'
import { notFound } from '../errors.js'
import type { BundleEntity, BundleRelation } from '../schemas/bundle.js'
import type { PageMeta } from '../schemas/common.js'
import { entityList, type Entity, type EntityListItem, type EntitySummary } from '../schemas/entity.js'
import type { Change } from './articles.js'
import { listPage } from './list-pipeline.js'
import { pickFields, related, scalar, whereOf, type FilterMapper, type ListQuery } from './list-query.js'
import type { Page } from './pagination.js'
import { sqliteSearch } from '../db/dialects/search-sqlite.js'
import type { SearchDialect } from './search.js'
import { publicArticles } from './visibility.js'

/** How each whitelisted filter of entityList reaches the database. */
const filters: Record<keyof typeof entityList.filters, FilterMapper> = {
  kind: scalar('kind'),
  slug: scalar('slug'),
  name: scalar('name'),
  country: related(slug => ({ country: { slug } })),
  updatedAt: scalar('updatedAt')
}

type AliasKind = 'alias' | 'former_name' | 'demonym'
const aliasOrder: Record<AliasKind, number> = { alias: 0, former_name: 1, demonym: 2 }

const summaryInclude = {
  aliases: true,
  country: { select: { slug: true, kind: true, name: true } }
}

type EntityRow = {
  slug: string, kind: string, name: string, summary: string | null, isoCode: string | null, office: string | null, updatedAt: Date
  aliases: Array<{ name: string, kind: string }>
  country: { slug: string, kind: string, name: string } | null
}

function toSummary (row: EntityRow): EntitySummary {
  return {
    slug: row.slug,
    kind: row.kind,
    name: row.name,
    summary: row.summary,
    aliases: row.aliases
      .map(a => ({ name: a.name, kind: a.kind as AliasKind }))
      .sort((a, b) => aliasOrder[a.kind] - aliasOrder[b.kind] || a.name.localeCompare(b.name)),
    isoCode: row.isoCode,
    office: row.office,
    country: row.country,
    updatedAt: row.updatedAt.toISOString()
  }
}

function aliasesOf (input: BundleEntity): Array<{ name: string, kind: AliasKind }> {
  const list = [
    ...(input.aliases ?? []).map(name => ({ name, kind: 'alias' as const })),
    ...(input.formerNames ?? []).map(name => ({ name, kind: 'former_name' as const })),
    ...(input.demonyms ?? []).map(name => ({ name, kind: 'demonym' as const }))
  ]
  const seen = new Set<string>()
  return list.filter(a => a.name !== input.name && !seen.has(a.name) && seen.add(a.name))
}

const aliasKey = (a: { name: string, kind: string }) => `${a.kind}:${a.name}`

export class EntityService {
  constructor (private readonly db: Db, private readonly search: SearchDialect = sqliteSearch) {}

  /** Entities through the list grammar (see schemas/list-query.ts). */
  async list (query: ListQuery): Promise<Page<EntityListItem>> {
    return await listPage(query, {
      where: await whereOf(query.conditions, filters),
      find: args => this.db.entity.findMany({ ...args, include: summaryInclude }),
      count: where => this.db.entity.count({ where }),
      search: { db: this.db, dialect: this.search, target: 'entities' }
    }, row => pickFields(toSummary(row), query.fields))
  }

  async get (slug: string): Promise<Entity> {
    const ref = { select: { slug: true, kind: true, name: true } }
    // The article a relation came from is named only while it is public.
    const relationInclude = { subject: ref, object: ref, article: { select: { slug: true }, where: publicArticles() } }
    const row = await this.db.entity.findUnique({
      where: { slug },
      include: {
        ...summaryInclude,
        subjectRelations: { include: relationInclude, orderBy: [{ predicate: 'asc' }, { createdAt: 'asc' }] },
        objectRelations: { include: relationInclude, orderBy: [{ predicate: 'asc' }, { createdAt: 'asc' }] }
      }
    })
    if (!row) throw notFound(`Entity "${slug}"`)
    const relations = [...row.subjectRelations, ...row.objectRelations].map(r => ({
      subject: r.subject,
      predicate: r.predicate,
      object: r.object ?? { slug: null, kind: null, name: r.objectName ?? '' },
      article: r.article?.slug ?? null
    }))
    return { ...toSummary(row), relations }
  }

  /** Creates or replaces an entity by slug; writes nothing when it already matches. */
  async upsert (input: BundleEntity, countryId: string | null): Promise<{ id: string, change: Change }> {
    const fields = {
      kind: input.kind,
      name: input.name,
      summary: input.summary ?? null,
      isoCode: input.isoCode ?? null,
      office: input.office ?? null,
      countryId
    }
    const aliases = aliasesOf(input)
    const existing = await this.db.entity.findUnique({ where: { slug: input.slug }, include: { aliases: true } })
    if (!existing) {
      const row = await this.db.entity.create({ data: { slug: input.slug, ...fields, aliases: { create: aliases } } })
      return { id: row.id, change: 'created' }
    }
    const sameFields = (Object.keys(fields) as Array<keyof typeof fields>).every(k => existing[k] === fields[k])
    const sameAliases = existing.aliases.map(aliasKey).sort().join('\n') === aliases.map(aliasKey).sort().join('\n')
    if (sameFields && sameAliases) return { id: existing.id, change: 'unchanged' }
    await this.db.entity.update({
      where: { id: existing.id },
      data: { ...fields, ...(sameAliases ? {} : { aliases: { deleteMany: {}, create: aliases } }) }
    })
    return { id: existing.id, change: 'updated' }
  }

  /** Adds a declared relation unless it exists; a changed source article updates it. */
  async upsertRelation (ids: { subjectId: string, objectId: string | null, articleId: string | null }, input: BundleRelation): Promise<{ change: Change, id: string }> {
    const key = { subjectId: ids.subjectId, predicate: input.predicate, objectId: ids.objectId, objectName: ids.objectId ? null : (input.objectName ?? null) }
    const existing = await this.db.entityRelation.findFirst({ where: key })
    if (!existing) {
      const row = await this.db.entityRelation.create({ data: { ...key, articleId: ids.articleId }, select: { id: true } })
      return { change: 'created', id: row.id }
    }
    if (existing.articleId === ids.articleId) return { change: 'unchanged', id: existing.id }
    await this.db.entityRelation.update({ where: { id: existing.id }, data: { articleId: ids.articleId } })
    return { change: 'updated', id: existing.id }
  }
}
