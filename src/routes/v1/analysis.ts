import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ArticleParams } from '../../schemas/article.js'
import { errorResponses, ok, problem } from '../../schemas/common.js'

const analysis: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/articles/:slug/analyze', {
    config: { cache: 'no-store' },
    schema: {
      tags: ['analysis'],
      summary: 'Analyse an article without saving: entities, quotes with speakers, candidate entities',
      description: 'Runs the analysis that saving an article runs (entity linking, quote extraction and attribution) and answers what it finds, writing nothing. Candidates are capitalised names the registry lacks; they are suggestions, never created.',
      params: ArticleParams,
      response: { 200: ok(Type.Ref('Analysis'), 'What analysis finds in the article.'), 404: problem('No published article has this slug.'), ...errorResponses }
    }
  }, async (request) => app.analysis.analyze(request.params.slug))
}

export default analysis
