import type { Db } from '../db/client.js'
import type { Change } from './articles.js'
import { Linker } from './linker.js'

/** A linker over every entity in the registry, by name and all its aliases. */
export async function registryLinker (db: Db): Promise<Linker> {
  const entities = await db.entity.findMany({ select: { id: true, name: true, aliases: { select: { name: true } } } })
  return new Linker(entities.map(e => ({ id: e.id, name: e.name, aliases: e.aliases.map(a => a.name) })))
}

/**
 * Brings an article's automatic mentions in line with what the linker finds in its
 * title, standfirst and body. Editorial mentions are an editor's word and are left
 * alone. Returns whether anything was written.
 */
export async function relinkArticle (db: Db, linker: Linker, articleId: string): Promise<Change> {
  const article = await db.article.findUniqueOrThrow({
    where: { id: articleId },
    select: { title: true, standfirst: true, body: true, mentions: true }
  })
  const found = new Map(linker.find({ title: article.title, standfirst: article.standfirst, body: article.body }).map(m => [m.entityId, m]))
  let changed = false
  for (const stored of article.mentions) {
    if (stored.source !== 'automatic') { found.delete(stored.entityId); continue }
    const next = found.get(stored.entityId)
    found.delete(stored.entityId)
    if (!next) {
      await db.mention.delete({ where: { id: stored.id } })
      changed = true
    } else if (next.count !== stored.count || JSON.stringify(next.offsets) !== stored.offsets) {
      await db.mention.update({ where: { id: stored.id }, data: { count: next.count, offsets: JSON.stringify(next.offsets) } })
      changed = true
    }
  }
  for (const mention of found.values()) {
    await db.mention.create({ data: { articleId, entityId: mention.entityId, count: mention.count, offsets: JSON.stringify(mention.offsets), source: 'automatic' } })
    changed = true
  }
  return changed ? 'updated' : 'unchanged'
}
