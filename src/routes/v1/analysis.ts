import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ArticleParams } from '../../schemas/article.js'
import { errorResponses, ok, problem } from '../../schemas/common.js'
import { authResponses } from './tokens.js'

const analysis: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/articles/:slug/analyze', {
    config: { cache: 'no-store' },
    onRequest: app.requireScope('content:read'),
    schema: {
      tags: ['analysis'],
      summary: 'Analyse an article without saving: entities, quotes with speakers, candidate entities',
      description: 'Runs the analysis that saving an article runs (entity linking, quote extraction and attribution) and answers what it finds, writing nothing; drafts too. Candidates are capitalised names the registry lacks; they are suggestions, never created.',
      security: [{ bearerAuth: ['content:read'] }],
      params: ArticleParams,
      response: { 200: ok(Type.Ref('Analysis'), 'What analysis finds in the article.'), ...authResponses, 404: problem('No article has this slug.'), ...errorResponses }
    }
  }, async (request) => app.analysis.analyze(request.params.slug, { drafts: true }))
}

export default analysis
