import t from 'tap'
import { build } from '../../helper.js'
import { reanalyzeAll } from '../../../src/services/reanalysis.js'

// A registry change, once committed, re-analyses the articles that name the entity.
async function setup (t: Parameters<typeof build>[0]) {
  const app = await build(t)
  const write = { authorization: `Bearer ${(await app.tokens.create({ name: 'desk', scopes: ['content:write'] })).token}` }
  const body = 'Alexei Miller flew to Ankara on Monday.\n\n“We will build the pipeline together with our partners,” Miller said after the talks in Sochi.'
  t.equal((await app.inject({ method: 'POST', url: '/v1/articles', headers: write, payload: { title: 'Pipeline talks', slug: 'pipeline-talks', body, status: 'published' } })).statusCode, 201)
  const article = async () => (await app.inject({ url: '/v1/articles/pipeline-talks?include=entities,quotes' })).json()
  return { app, article }
}

/** What an entity writer on the unit of work does: write, record the change, commit. */
async function createEntity (app: Awaited<ReturnType<typeof setup>>['app'], data: { slug: string, kind: string, name: string }, aliases: string[] = []) {
  await app.unitOfWork.run(async (tx, changes) => {
    await tx.entity.create({ data: { ...data, aliases: { create: aliases.map(name => ({ name, kind: 'alias' })) } } })
    changes.record({ resource: 'entity', id: data.slug, event: 'created' })
  })
}

t.test('a new entity links in the articles that name it, and becomes the speaker of their quotes, after commit', async t => {
  const { app, article } = await setup(t)
  const before = await article()
  t.notOk(before.entities.some((e: { slug: string }) => e.slug === 'sochi'))
  t.same(before.quotes.map((q: { speaker: unknown }) => q.speaker), [null], 'Miller is not in the registry yet')

  await createEntity(app, { slug: 'sochi', kind: 'place', name: 'Sochi' })
  await createEntity(app, { slug: 'alexei-miller', kind: 'leader', name: 'Alexei Miller' })
  await app.reanalysis.idle()

  const after = await article()
  t.ok(after.entities.some((e: { slug: string }) => e.slug === 'sochi'), 'the place links')
  t.match(after.quotes, [{ text: 'We will build the pipeline together with our partners', speaker: { slug: 'alexei-miller' } }], 'the quote has its speaker')
})

t.test('an alias added to an entity links too; an editor\'s speaker survives the re-analysis', async t => {
  const { app, article } = await setup(t)
  await createEntity(app, { slug: 'gazprom-chief', kind: 'leader', name: 'A. B. Miller' })
  await app.reanalysis.idle()
  t.same((await article()).quotes.map((q: { speaker: unknown }) => q.speaker), [null], 'no name in the text is his yet')

  await app.unitOfWork.run(async (tx, changes) => {
    const entity = await tx.entity.findUniqueOrThrow({ where: { slug: 'gazprom-chief' } })
    await tx.entityAlias.create({ data: { entityId: entity.id, name: 'Alexei Miller', kind: 'alias' } })
    changes.record({ resource: 'entity', id: 'gazprom-chief', event: 'updated' })
  })
  await app.reanalysis.idle()
  const [quote] = (await article()).quotes
  t.match(quote, { speaker: { slug: 'gazprom-chief' } })

  const write = { authorization: `Bearer ${(await app.tokens.create({ name: 'desk2', scopes: ['content:write'] })).token}` }
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/quotes/${quote.id}`, headers: write, payload: { speaker: 'vladimir-putin' } })).statusCode, 200)
  t.equal(await reanalyzeAll(app.prisma, app.unitOfWork), await app.prisma.article.count(), 'npm run reanalyze does every article')
  t.match((await article()).quotes, [{ speaker: { slug: 'vladimir-putin' } }], 'the editor\'s correction stays')
})
