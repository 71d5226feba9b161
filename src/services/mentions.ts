import type { Db } from '../db/client.js'
import type { Change } from './articles.js'
import type { FoundMention, Nameable } from './linker.js'

/** An entity as the linker and the quote finder see it. */
export interface RegistryEntity {
  id: string
  slug: string
  kind: string
  name: string
  /** The country a leader, group or place belongs to. */
  countryId: string | null
  /** The office a person holds ("Secretary of Defense"): "the secretary said" stands for its holder. */
  office?: string | null
  aliases: Array<{ name: string, kind: string }>
}

/** Every entity in the registry with its names. */
export async function loadRegistry (db: Db): Promise<RegistryEntity[]> {
  return db.entity.findMany({
    select: { id: true, slug: true, kind: true, name: true, countryId: true, office: true, aliases: { select: { name: true, kind: true } } },
    orderBy: { slug: 'asc' }
  })
}

export function nameable (entity: RegistryEntity): Nameable {
  return {
    id: entity.id,
    name: entity.name,
    kind: entity.kind,
    aliases: entity.aliases.filter(a => a.kind !== 'demonym').map(a => a.name),
    demonyms: entity.aliases.filter(a => a.kind === 'demonym').map(a => a.name)
  }
}

/**
 * Stores the mentions found in an article as its automatic mentions. Editorial
 * mentions are an editor's word and are left alone, and so are rejected ones (an
 * editor's removal): re-analysis never brings those back. Returns whether anything
 * was written.
 */
export async function saveMentions (db: Db, articleId: string, mentions: FoundMention[]): Promise<Change> {
  const stored = await db.mention.findMany({ where: { articleId } })
  const found = new Map(mentions.map(m => [m.entityId, m]))
  let changed = false
  for (const row of stored) {
    if (row.source !== 'automatic') { found.delete(row.entityId); continue }
    const next = found.get(row.entityId)
    found.delete(row.entityId)
    if (!next) {
      await db.mention.delete({ where: { id: row.id } })
      changed = true
    } else if (next.count !== row.count || JSON.stringify(next.offsets) !== row.offsets) {
      await db.mention.update({ where: { id: row.id }, data: { count: next.count, offsets: JSON.stringify(next.offsets) } })
      changed = true
    }
  }
  for (const mention of found.values()) {
    await db.mention.create({ data: { articleId, entityId: mention.entityId, count: mention.count, offsets: JSON.stringify(mention.offsets), source: 'automatic' } })
    changed = true
  }
  return changed ? 'updated' : 'unchanged'
}
