import type { Db } from '../db/client.js'
import type { ChangeLog } from '../db/unit-of-work.js'
import { invalid } from '../errors.js'
import type { Bundle } from '../schemas/bundle.js'
import { upsertSection } from './sections.js'

// A bundle's authors and sections, applied before its articles (which name them).
// Matched by slug and written only when they differ, like the rest of a bundle.

export async function importAuthorsAndSections (tx: Db, changes: ChangeLog, bundle: Bundle): Promise<void> {
  for (const author of bundle.authors ?? []) {
    const data = { name: author.name, bio: author.bio ?? null, role: author.role ?? null, avatarUrl: author.avatar ?? null, links: JSON.stringify(author.links ?? []) }
    const existing = await tx.author.findUnique({ where: { slug: author.slug } })
    if (!existing) {
      await tx.author.create({ data: { slug: author.slug, ...data } })
      changes.record({ resource: 'author', id: author.slug, event: 'created', data: { slug: author.slug, name: author.name } })
    } else if (Object.entries(data).some(([key, value]) => existing[key as keyof typeof data] !== value)) {
      await tx.author.update({ where: { id: existing.id }, data })
      changes.record({ resource: 'author', id: author.slug, event: 'updated', data: { slug: author.slug, name: author.name } })
    }
  }
  // A section is placed once its parent exists (listed earlier, later or already stored).
  const pending = (bundle.sections ?? []).map((section, index) => ({ section, index }))
  const inBundle = new Set(pending.map(p => p.section.slug))
  const placed = new Set<string>()
  while (pending.length > 0) {
    const ready = pending.findIndex(p => !p.section.parent || placed.has(p.section.parent) || !inBundle.has(p.section.parent))
    if (ready === -1) throw invalid('body', `/sections/${pending[0].index}/parent`, 'makes a cycle of sections')
    const [{ section, index }] = pending.splice(ready, 1)
    const { change } = await upsertSection(tx, { slug: section.slug, name: section.name, description: section.description ?? null, parent: section.parent ?? null, position: section.position ?? 0 }, `/sections/${index}`)
    if (change !== 'unchanged') changes.record({ resource: 'section', id: section.slug, event: change, data: { slug: section.slug, name: section.name } })
    placed.add(section.slug)
  }
}
