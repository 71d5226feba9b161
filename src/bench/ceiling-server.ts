import { readFileSync } from 'node:fs'
import Fastify from 'fastify'

// The ceiling for `npm run bench`: a minimal Fastify server that answers each URL
// with the exact bytes and ETag Dateline sent for it (read from the JSON file named
// by CEILING_ANSWERS), and a 304 on a matching If-None-Match. Nothing is faster
// through Fastify on this machine. Not part of the app.

interface Answer { url: string, body: string, contentType: string, etag: string }

const answers = new Map<string, Answer>()
for (const answer of JSON.parse(readFileSync(process.env.CEILING_ANSWERS ?? '', 'utf8')) as Answer[]) answers.set(answer.url, answer)
const app = Fastify({ logger: false })

app.get('/*', (request, reply) => {
  const answer = answers.get(request.url)
  if (!answer) return reply.code(404).send()
  reply.header('etag', answer.etag)
  if (request.headers['if-none-match'] === answer.etag) return reply.code(304).send()
  return reply.type(answer.contentType).send(answer.body)
})

const address = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) })
console.log(`ceiling server listening at ${address}`)
