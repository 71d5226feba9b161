import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { AnalysisService } from '../../services/analysis.js'
import { ArticleService } from '../../services/articles.js'
import { EntityService } from '../../services/entities.js'
import { GraphService } from '../../services/graph.js'
import { QuoteService } from '../../services/quotes.js'

declare module 'fastify' {
  interface FastifyInstance {
    articles: ArticleService
    entities: EntityService
    quotes: QuoteService
    graph: GraphService
    analysis: AnalysisService
  }
}

// One service per resource; routes call these and never build queries themselves.
export default fp(async function services (app: FastifyInstance) {
  app.decorate('articles', new ArticleService(app.prisma))
  app.decorate('entities', new EntityService(app.prisma))
  app.decorate('quotes', new QuoteService(app.prisma))
  app.decorate('graph', new GraphService(app.prisma))
  app.decorate('analysis', new AnalysisService(app.prisma))
}, { name: 'services', dependencies: ['prisma'] })
