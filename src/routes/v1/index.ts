import type { FastifyInstance } from 'fastify'
import analysis from './analysis.js'
import articles from './articles.js'
import entities from './entities.js'
import graph from './graph.js'
import quotes from './quotes.js'

// Version 1 of the API, mounted under /v1.
export default async function v1 (app: FastifyInstance) {
  await app.register(articles)
  await app.register(entities)
  await app.register(quotes)
  await app.register(graph)
  await app.register(analysis)
}
