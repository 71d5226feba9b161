import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorResponses, problem } from '../../schemas/common.js'
import { newsWindowHours, sitemapSize } from '../../services/sitemaps.js'

const xml = (description: string, example: string) => ({ description, content: { 'application/xml': { schema: Type.String(), example } } })

// Sitemaps (sitemaps.org protocol and Google News). Public and cacheable (ETag, 304).
const sitemaps: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.sitemaps

  app.get('/sitemaps', {
    config: { cache: 'public' },
    schema: {
      tags: ['sitemaps'],
      summary: 'The sitemap index: the article sitemaps and the Google News sitemap',
      description: 'Name it in robots.txt (`Sitemap: <API_URL>/v1/sitemaps`) or submit it to search engines.',
      response: { 200: xml('A sitemapindex.', '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://news.example/v1/sitemaps/articles/1</loc></sitemap></sitemapindex>'), ...errorResponses }
    }
  }, async (_request, reply) => reply.type('application/xml; charset=utf-8').send(await service.index()))

  app.get('/sitemaps/articles/:page', {
    config: { cache: 'public' },
    schema: {
      tags: ['sitemaps'],
      summary: `A page of ${sitemapSize.toLocaleString('en')} public articles, oldest first, with their last editorial change`,
      params: Type.Object({ page: Type.Integer({ minimum: 1, maximum: 100000, examples: [1] }) }, { additionalProperties: false }),
      response: {
        200: xml('A urlset.', '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://news.example/world/middle-east/iran-and-russia-reject-ceasefire-proposal-by-turkey</loc><lastmod>2018-09-07T18:00:00.000Z</lastmod></url></urlset>'),
        404: problem('Past the last page.'),
        ...errorResponses
      }
    }
  }, async (request, reply) => reply.type('application/xml; charset=utf-8').send(await service.articles(request.params.page)))

  app.get('/sitemaps/news', {
    config: { cache: 'public' },
    schema: {
      tags: ['sitemaps'],
      summary: `The Google News sitemap: articles published in the last ${newsWindowHours} hours`,
      response: { 200: xml('A urlset with news:news entries.', '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"></urlset>'), ...errorResponses }
    }
  }, async (_request, reply) => reply.type('application/xml; charset=utf-8').send(await service.news()))
}

export default sitemaps
