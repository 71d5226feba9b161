import { ProblemError, notFound, type FieldError } from '../errors.js'
import type { Quote } from '../schemas/quote.js'
import type { QuotePatch, QuoteWrite, StoredMention } from '../schemas/quote-write.js'
import { failIfAny } from './article-lifecycle.js'
import { Linker, type Offset } from './linker.js'
import type { WriteDoor } from './compose.js'
import { lockRow, requireMatch } from './preconditions.js'
import { placeQuote, quoteInclude, toQuote } from './quotes.js'
import { shownMentions } from './visibility.js'

// Editorial writes to quotes and manual mentions. A quote's position (and its context,
// unless the editor gives one) is found in the article body. A quote or mention set
// or corrected here is stored with source "editorial", which the analysis never
// overwrites; one removed here is kept as "rejected", which it never finds again.

/** A quote's version for If-Match: its update time, as in its ETag ("u<time>-..."). */
export const quoteVersionTag = (updatedAt: Date) => `u${updatedAt.getTime().toString(36)}`

export class QuoteWriter {
  constructor (private readonly door: WriteDoor) {}

  async create (input: QuoteWrite): Promise<Quote & { updatedAt: Date }> {
    return this.door.unitOfWork.run(async (tx, changes) => {
      const errors: FieldError[] = []
      const article = await tx.article.findUnique({ where: { slug: input.article }, select: { id: true, body: true } })
      if (!article) errors.push({ in: 'body', pointer: '/article', message: `names no article ("${input.article}")` })
      let speakerId: string | null = null
      if (input.speaker) {
        speakerId = (await tx.entity.findUnique({ where: { slug: input.speaker }, select: { id: true } }))?.id ?? null
        if (!speakerId) errors.push({ in: 'body', pointer: '/speaker', message: `names no entity ("${input.speaker}")` })
      }
      failIfAny(errors)
      const existing = await tx.quote.findUnique({ where: { articleId_text: { articleId: article!.id, text: input.text } }, select: { id: true, source: true } })
      if (existing && existing.source !== 'rejected') {
        throw new ProblemError(409, `The article "${input.article}" already has this quote; PATCH it instead.`)
      }
      const placed = placeQuote(article!.body, input.text)
      const data = {
        speakerId,
        context: input.context ?? placed?.context ?? null,
        position: placed?.position ?? null,
        verified: input.verified ?? false,
        source: 'editorial'
      }
      // A quote the editor once removed comes back as theirs.
      const row = existing
        ? await tx.quote.update({ where: { id: existing.id }, data, include: quoteInclude })
        : await tx.quote.create({ data: { articleId: article!.id, text: input.text, ...data }, include: quoteInclude })
      const quote = toQuote(row)
      changes.record({ resource: 'quote', id: quote.id, event: 'created', data: quote })
      return { ...quote, updatedAt: row.updatedAt }
    })
  }

  async patch (id: string, input: QuotePatch, ifMatch?: string): Promise<Quote & { updatedAt: Date }> {
    return this.door.unitOfWork.run(async (tx, changes) => {
      await lockRow(tx, 'Quote', id)
      const existing = await tx.quote.findUnique({ where: { id }, include: { article: { select: { body: true } } } })
      if (!existing || existing.source === 'rejected') throw notFound(`Quote "${id}"`)
      requireMatch(ifMatch, quoteVersionTag(existing.updatedAt), `Quote "${id}"`)
      let speakerId = existing.speakerId
      if (input.speaker !== undefined) {
        speakerId = input.speaker === null ? null : (await tx.entity.findUnique({ where: { slug: input.speaker }, select: { id: true } }))?.id ?? null
        if (input.speaker !== null && !speakerId) failIfAny([{ in: 'body', pointer: '/speaker', message: `names no entity ("${input.speaker}")` }])
      }
      const text = input.text ?? existing.text
      const placed = text !== existing.text ? placeQuote(existing.article.body, text) : null
      const row = await tx.quote.update({
        where: { id },
        data: {
          text,
          speakerId,
          verified: input.verified ?? existing.verified,
          // An editor's correction is theirs: re-analysis leaves it alone from now on.
          source: 'editorial',
          ...(text !== existing.text ? { position: placed?.position ?? null } : {}),
          context: input.context !== undefined ? input.context : text !== existing.text ? placed?.context ?? null : existing.context
        },
        include: quoteInclude
      })
      const quote = toQuote(row)
      changes.record({ resource: 'quote', id: quote.id, event: 'updated', data: quote })
      return { ...quote, updatedAt: row.updatedAt }
    })
  }

  async delete (id: string, ifMatch?: string): Promise<void> {
    await this.door.unitOfWork.run(async (tx, changes) => {
      await lockRow(tx, 'Quote', id)
      const existing = await tx.quote.findUnique({ where: { id }, select: { updatedAt: true, source: true } })
      if (!existing || existing.source === 'rejected') throw notFound(`Quote "${id}"`)
      requireMatch(ifMatch, quoteVersionTag(existing.updatedAt), `Quote "${id}"`)
      // The row stays, marked rejected and never shown, so re-analysis does not find the quote again.
      await tx.quote.update({ where: { id }, data: { source: 'rejected' } })
      changes.record({ resource: 'quote', id, event: 'deleted', data: { id } })
    })
  }

  /**
   * Sets an editorial mention of an entity in an article, with where the article
   * names it (none, when the editor links an entity the text does not name).
   */
  async setMention (articleSlug: string, entitySlug: string): Promise<{ mention: StoredMention, created: boolean }> {
    return this.door.unitOfWork.run(async (tx, changes) => {
      const article = await tx.article.findUnique({ where: { slug: articleSlug }, select: { id: true, title: true, standfirst: true, body: true } })
      if (!article) throw notFound(`Article "${articleSlug}"`)
      const entity = await tx.entity.findUnique({ where: { slug: entitySlug }, include: { aliases: { select: { name: true } } } })
      if (!entity) throw notFound(`Entity "${entitySlug}"`)
      const found = new Linker([{ id: entity.id, name: entity.name, aliases: entity.aliases.map(a => a.name) }])
        .find({ title: article.title, standfirst: article.standfirst, body: article.body })[0]
      const data = { count: found?.count ?? 0, offsets: JSON.stringify(found?.offsets ?? []), source: 'editorial' }
      const existing = await tx.mention.findUnique({ where: { articleId_entityId: { articleId: article.id, entityId: entity.id } }, select: { id: true } })
      await tx.mention.upsert({
        where: { articleId_entityId: { articleId: article.id, entityId: entity.id } },
        create: { articleId: article.id, entityId: entity.id, ...data },
        update: data
      })
      const mention: StoredMention = {
        article: articleSlug,
        entity: { slug: entity.slug, kind: entity.kind, name: entity.name },
        count: data.count,
        offsets: (found?.offsets ?? []) as Offset[],
        source: 'editorial'
      }
      changes.record({ resource: 'mention', id: `${articleSlug}/${entity.slug}`, event: existing === null ? 'created' : 'updated', data: mention })
      return { created: existing === null, mention }
    })
  }

  /**
   * Removes a mention as an editor's decision: the row stays, marked rejected, so
   * re-analysis does not bring it back; readers never see it. PUT restores it.
   */
  async deleteMention (articleSlug: string, entitySlug: string): Promise<void> {
    await this.door.unitOfWork.run(async (tx, changes) => {
      const mention = await tx.mention.findFirst({ where: { article: { slug: articleSlug }, entity: { slug: entitySlug }, ...shownMentions }, select: { id: true } })
      if (!mention) throw notFound(`A mention of "${entitySlug}" in article "${articleSlug}"`)
      await tx.mention.update({ where: { id: mention.id }, data: { source: 'rejected' } })
      changes.record({ resource: 'mention', id: `${articleSlug}/${entitySlug}`, event: 'deleted', data: { article: articleSlug, entity: entitySlug } })
    })
  }
}
