import Fastify from 'fastify'
import { createPrismaClient } from '../db/client.js'

// The naive use of Dateline's own ORM, for `npm run bench` to compare with: the same
// generated client on the same database file, one findUnique or findMany with
// include per request, no validation, no ETag, no envelope work. Not part of the app.

const databaseUrl = process.env.DATABASE_URL ?? ''
const prisma = createPrismaClient(databaseUrl)
await prisma.$connect()
const app = Fastify({ logger: false })
const publicNow = () => ({ status: { in: ['published', 'scheduled'] }, publishedAt: { lte: new Date() } })

app.get<{ Params: { slug: string } }>('/v1/articles/:slug', async (request, reply) => {
  const article = await prisma.article.findUnique({
    where: { slug: request.params.slug },
    include: {
      section: { include: { section: true } },
      authors: { include: { author: true } },
      tags: { include: { tag: true } },
      corrections: true,
      mentions: { include: { entity: true } },
      quotes: { include: { speaker: true } }
    }
  })
  if (!article) return reply.code(404).send({ status: 404 })
  return article
})

app.get<{ Querystring: { limit?: string } }>('/v1/articles', async request => {
  const data = await prisma.article.findMany({
    where: publicNow(),
    orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
    take: Number(request.query.limit ?? 20),
    include: { section: { include: { section: true } }, authors: { include: { author: true } }, tags: { include: { tag: true } } }
  })
  return { data }
})

const address = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) })
console.log(`naive server listening at ${address}`)
