import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Slug, errorResponses, problem } from '../../schemas/common.js'
import { feedFormats, feedScopes, feedSize, feedTypes } from '../../services/feeds.js'

const Format = Type.Enum([...feedFormats], { description: 'rss (RSS 2.0), atom (Atom 1.0) or json (JSON Feed 1.1).' })

const feedResponse = {
  description: `The newest ${feedSize} public articles, newest first: RSS 2.0, Atom or JSON Feed, with each entry's authors, section and tags, and its corrections and update notices.`,
  content: {
    'application/rss+xml': { schema: Type.String(), example: '<?xml version="1.0" encoding="utf-8"?><rss version="2.0">…</rss>' },
    'application/atom+xml': { schema: Type.String(), example: '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">…</feed>' },
    'application/feed+json': { schema: Type.Object({}, { additionalProperties: true }), example: { version: 'https://jsonfeed.org/version/1', title: 'Dateline', items: [] } }
  }
}

// Feeds for readers and aggregators. Public and cacheable (ETag, 304).
const feeds: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.feeds

  app.get('/feeds/:format', {
    config: { cache: 'public' },
    schema: {
      tags: ['feeds'],
      summary: 'The site\'s feed',
      params: Type.Object({ format: Format }, { additionalProperties: false }),
      response: { 200: feedResponse, ...errorResponses }
    }
  }, async (request, reply) => {
    const body = await service.render(null, '', request.params.format)
    return reply.type(feedTypes[request.params.format]).send(body)
  })

  app.get('/feeds/:scope/:slug/:format', {
    config: { cache: 'public' },
    schema: {
      tags: ['feeds'],
      summary: 'The feed of a section (with those below it), a tag, an author or an entity',
      description: 'For example `/v1/feeds/entities/idlib/atom`: everything about Idlib.',
      params: Type.Object({
        scope: Type.Enum([...feedScopes], { description: 'What the feed follows.' }),
        slug: { ...Slug, examples: ['idlib'] },
        format: Format
      }, { additionalProperties: false }),
      response: { 200: feedResponse, 404: problem('No such section, tag, author or entity.'), ...errorResponses }
    }
  }, async (request, reply) => {
    const { scope, slug, format } = request.params
    const body = await service.render(scope, slug, format)
    return reply.type(feedTypes[format]).send(body)
  })
}

export default feeds
