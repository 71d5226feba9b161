import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { AnalysisService } from '../../services/analysis.js'
import { ArticleService } from '../../services/articles.js'
import { EntityService } from '../../services/entities.js'
import { GraphService } from '../../services/graph.js'
import { QuoteService } from '../../services/quotes.js'
import { searchFor } from '../../services/search.js'
import { UnitOfWork } from '../../db/unit-of-work.js'
import { Site } from '../../services/site.js'
import { AuthorService } from '../../services/authors.js'
import { SectionService } from '../../services/sections.js'
import { TagService } from '../../services/tags.js'
import { ImageService, ImageWriter } from '../../services/images.js'
import { LocalMediaStorage } from '../../services/media/storage.js'

declare module 'fastify' {
  interface FastifyInstance {
    articles: ArticleService
    entities: EntityService
    quotes: QuoteService
    graph: GraphService
    analysis: AnalysisService
    /** The one door for writes: a transaction, its change log, and its outbox rows at commit. */
    unitOfWork: UnitOfWork
    /** The public site's URLs, from configuration only. */
    site: Site
    authors: AuthorService
    sections: SectionService
    tags: TagService
    images: ImageService
    imageWriter: ImageWriter
  }
}

// One service per resource; routes call these and never build queries themselves.
export default fp(async function services (app: FastifyInstance) {
  const search = searchFor(app.dialect.kind)
  app.decorate('unitOfWork', new UnitOfWork(app.prisma))
  const site = new Site(app.config.site)
  app.decorate('site', site)
  app.decorate('authors', new AuthorService(app.prisma, site))
  app.decorate('sections', new SectionService(app.prisma, site))
  app.decorate('tags', new TagService(app.prisma, site))
  const media = new LocalMediaStorage(app.config.media.dir)
  app.decorate('images', new ImageService(app.prisma, media, site))
  app.decorate('imageWriter', new ImageWriter(app.unitOfWork, media, site, app.config.media.maxPixels))
  app.decorate('articles', new ArticleService(app.prisma, search))
  app.decorate('entities', new EntityService(app.prisma, search))
  app.decorate('quotes', new QuoteService(app.prisma, search))
  app.decorate('graph', new GraphService(app.prisma))
  app.decorate('analysis', new AnalysisService(app.prisma))
}, { name: 'services', dependencies: ['prisma'] })
