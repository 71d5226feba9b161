import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ArticleParams } from '../../schemas/article.js'
import { errorResponses, ok, problem } from '../../schemas/common.js'
import { CorrectionWriteBody } from '../../schemas/correction.js'
import { authResponses } from './tokens.js'

// Corrections and update notices on published articles (content:write).
const corrections: FastifyPluginAsyncTypebox = async (app) => {
  const writer = app.correctionWriter

  app.post('/articles/:slug/corrections', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['corrections'],
      summary: 'Append a correction or an update notice to a published article',
      description: 'Timestamped and public at once: in the article\'s `corrections`, its JSON-LD (`correction`, for corrections) and its feed entry. The article\'s `dateModified` becomes its time. Notices are never edited away.',
      security: [{ bearerAuth: ['content:write'] }],
      params: ArticleParams,
      body: CorrectionWriteBody,
      response: {
        201: ok(Type.Ref('Correction'), 'The notice as stored.'),
        ...authResponses,
        404: problem('No article has this slug.'),
        409: problem('The article is not published (a draft, scheduled or archived).'),
        ...errorResponses
      }
    }
  }, async (request, reply) => {
    const { correction } = await writer.append(request.params.slug, request.body)
    return reply.code(201).send(correction)
  })
}

export default corrections
