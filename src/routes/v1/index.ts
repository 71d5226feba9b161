import type { FastifyInstance } from 'fastify'
import analysis from './analysis.js'
import articles from './articles.js'
import comments from './comments.js'
import entities from './entities.js'
import moderation from './moderation.js'
import graph from './graph.js'
import quotes from './quotes.js'
import tokens from './tokens.js'

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
}
