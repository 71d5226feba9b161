import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ArticleService } from '../../services/articles.js'
import { EntityService } from '../../services/entities.js'
import { QuoteService } from '../../services/quotes.js'

declare module 'fastify' {
  interface FastifyInstance {
    articles: ArticleService
    entities: EntityService
    quotes: QuoteService
  }
}

// One service per resource; routes call these and never build queries themselves.
export default fp(async function services (app: FastifyInstance) {
  app.decorate('articles', new ArticleService(app.prisma))
  app.decorate('entities', new EntityService(app.prisma))
  app.decorate('quotes', new QuoteService(app.prisma))
}, { name: 'services', dependencies: ['prisma'] })
