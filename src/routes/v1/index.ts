import type { FastifyInstance } from 'fastify'
import analysis from './analysis.js'
import candidates from './candidates.js'
import articles from './articles.js'
import comments from './comments.js'
import articleWrites from './editorial/articles.js'
import entityWrites from './editorial/entities.js'
import relationWrites from './editorial/relations.js'
import quoteWrites from './editorial/quotes.js'
import mentionWrites from './editorial/mentions.js'
import bundles from './editorial/bundles.js'
import entities from './entities.js'
import moderation from './moderation.js'
import graph from './graph.js'
import quotes from './quotes.js'
import tokens from './tokens.js'
import authors from './authors.js'
import sections from './sections.js'
import corrections from './corrections.js'
import feeds from './feeds.js'
import sitemaps from './sitemaps.js'
import webhooks from './webhooks.js'
import images from './images.js'

// Version 1 of the API, mounted under /v1.
export default async function v1 (app: FastifyInstance) {
  await app.register(articles)
  await app.register(entities)
  await app.register(quotes)
  await app.register(tokens)
  await app.register(comments)
  await app.register(moderation)
  await app.register(graph)
  await app.register(analysis)
  await app.register(candidates)
  await app.register(articleWrites)
  await app.register(entityWrites)
  await app.register(relationWrites)
  await app.register(quoteWrites)
  await app.register(mentionWrites)
  await app.register(bundles)
  await app.register(authors)
  await app.register(sections)
  await app.register(corrections)
  await app.register(feeds)
  await app.register(sitemaps)
  await app.register(webhooks)
  await app.register(images)
}
