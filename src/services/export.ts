import type { Db } from '../db/client.js'
import type { Bundle, BundleArticle, BundleAuthor, BundleEntity, BundleQuote, BundleRelation, BundleSection } from '../schemas/bundle.js'
import { withLinks } from './article-links.js'
import { stateOf } from './article-state.js'
import { publicArticles } from './visibility.js'

// The published corpus as a content bundle: every entity, the relations among them,
// every public article and its quotes. Importing it into an empty database gives the
// same content; importing it back into this one changes nothing. A relation reported
// in an article that is not public is exported without that article.

export async function exportBundle (db: Db): Promise<Bundle> {
  const entityRows = await db.entity.findMany({
    orderBy: { slug: 'asc' },
    include: { aliases: { orderBy: { name: 'asc' } }, country: { select: { slug: true } } }
  })
  const entities: BundleEntity[] = entityRows.map(e => {
    const names = (kind: string) => e.aliases.filter(a => a.kind === kind).map(a => a.name)
    const aliases = names('alias')
    const demonyms = names('demonym')
    const formerNames = names('former_name')
    return {
      slug: e.slug,
      kind: e.kind as BundleEntity['kind'],
      name: e.name,
      ...(e.summary !== null ? { summary: e.summary } : {}),
      ...(e.isoCode !== null ? { isoCode: e.isoCode } : {}),
      ...(e.office !== null ? { office: e.office } : {}),
      ...(e.country ? { country: e.country.slug } : {}),
      ...(aliases.length ? { aliases } : {}),
      ...(demonyms.length ? { demonyms } : {}),
      ...(formerNames.length ? { formerNames } : {})
    }
  })

  const articleRows = await db.article.findMany({
    where: publicArticles(),
    orderBy: [{ publishedAt: 'asc' }, { slug: 'asc' }],
    include: { tags: { include: { tag: true }, orderBy: { position: 'asc' } }, ...withLinks, images: { select: { imageId: true, role: true } } }
  })
  const exported = new Set(articleRows.map(a => a.id))
  const articles: BundleArticle[] = articleRows.map(row => {
    // Every editable field; an article without authors, a section or a lead image leaves them out.
    const { authors, section, leadImage, ...article } = stateOf(row)
    return { ...article, ...(authors.length > 0 ? { authors } : {}), ...(section !== null ? { section } : {}), ...(leadImage !== null ? { leadImage } : {}) }
  })

  const relationRows = await db.entityRelation.findMany({
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    include: { subject: { select: { slug: true } }, object: { select: { slug: true } }, article: { select: { id: true, slug: true } } }
  })
  const relations: BundleRelation[] = relationRows.map(r => ({
    subject: r.subject.slug,
    predicate: r.predicate as BundleRelation['predicate'],
    ...(r.object ? { object: r.object.slug } : { objectName: r.objectName ?? '' }),
    ...(r.article && exported.has(r.article.id) ? { article: r.article.slug } : {})
  }))

  const quoteRows = await db.quote.findMany({
    where: { article: publicArticles() },
    orderBy: [{ articleId: 'asc' }, { position: 'asc' }, { createdAt: 'asc' }],
    include: { article: { select: { slug: true } }, speaker: { select: { slug: true } } }
  })
  const quotes: BundleQuote[] = quoteRows.map(q => ({
    article: q.article.slug,
    text: q.text,
    speaker: q.speaker?.slug ?? null,
    ...(q.context !== null ? { context: q.context } : {}),
    verified: q.verified
  }))

  const authors: BundleAuthor[] = (await db.author.findMany({ orderBy: { slug: 'asc' } })).map(a => {
    const links = JSON.parse(a.links) as string[]
    return {
      slug: a.slug,
      name: a.name,
      ...(a.bio !== null ? { bio: a.bio } : {}),
      ...(a.role !== null ? { role: a.role } : {}),
      ...(a.avatarUrl !== null ? { avatar: a.avatarUrl } : {}),
      ...(links.length > 0 ? { links } : {})
    }
  })
  // By path, so each parent comes before its children.
  const sections: BundleSection[] = (await db.section.findMany({ orderBy: { path: 'asc' }, include: { parent: { select: { slug: true } } } })).map(s => ({
    slug: s.slug,
    name: s.name,
    ...(s.description !== null ? { description: s.description } : {}),
    ...(s.parent ? { parent: s.parent.slug } : {}),
    ...(s.position !== 0 ? { position: s.position } : {})
  }))

  return { format: 'dateline-bundle', version: 1, entities, authors, sections, relations, articles, quotes }
}
