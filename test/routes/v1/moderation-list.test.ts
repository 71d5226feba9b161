import t from 'tap'
import { createPrismaClient } from '../../../src/db/client.js'
import { moderatedCommentList } from '../../../src/schemas/comment.js'
import { parseListQuery } from '../../../src/services/list-query.js'
import { ModerationService } from '../../../src/services/moderation.js'
import { buildModerated, buildWatched, summitSlug } from '../../helper.js'

// The moderation queue speaks the list grammar of every other list: whitelisted
// filters, sort, keyset pages with a next link, count and fields; nothing private.

type App = Awaited<ReturnType<typeof buildWatched>>
interface Item { id: string, [key: string]: unknown }
interface Page { data: Item[], meta: { limit: number, nextCursor: string | null, next: string | null, total?: number } }

/**
 * Six comments on two articles, posted through the API (so the watcher knows every
 * email), then given fixed times and statuses. e and f share a time: the id breaks the tie.
 */
async function setup (t: Parameters<typeof buildWatched>[0]) {
  const { app, auth } = await buildModerated(t)
  const post = async (slug: string, name: string, body: string, parentId?: string) => {
    const res = await app.inject({ method: 'POST', url: `/v1/articles/${slug}/comments`, payload: { name, email: `${name.toLowerCase()}@example.org`, body, ...(parentId ? { parentId } : {}) } })
    if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`)
    return res.json().id as string
  }
  const set = (id: string, status: string, createdAt: string) => app.prisma.comment.update({ where: { id }, data: { status, createdAt: new Date(createdAt) } })
  const a = await post(summitSlug, 'Ada', 'One.')
  await set(a, 'approved', '2026-01-01T10:00:00.000Z')
  const b = await post('other', 'Bo', 'Two.')
  const c = await post(summitSlug, 'Cy', 'Three.')
  const d = await post(summitSlug, 'Di', 'A reply.', a)
  const e = await post('other', 'Ed', 'Five.')
  const f = await post(summitSlug, 'Fay', 'Another reply.', a)
  await set(b, 'pending', '2026-02-01T10:00:00.000Z')
  await set(c, 'spam', '2026-03-01T10:00:00.000Z')
  await set(d, 'pending', '2026-04-01T10:00:00.000Z')
  await set(e, 'trash', '2026-05-01T10:00:00.000Z')
  await set(f, 'pending', '2026-05-01T10:00:00.000Z')
  const [late, early] = e > f ? [e, f] : [f, e]
  // Newest first; e and f by id, descending.
  const newest = [late, early, d, c, b, a]
  const get = async (query: string): Promise<Page> => {
    const res = await app.inject({ url: `/v1/comments${query}`, headers: auth })
    if (res.statusCode !== 200) throw new Error(`${query}: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  const ids = async (query: string) => (await get(query)).data.map(x => x.id)
  /** `newest` keeping only the given comments. */
  const only = (...keep: string[]) => newest.filter(id => keep.includes(id))
  return { app, auth, ids: { a, b, c, d, e, f }, newest, get, list: ids, only }
}

async function walk (app: App, auth: Record<string, string>, url: string): Promise<string[]> {
  const seen: string[] = []
  let next: string | null = url
  while (next) {
    const res = await app.inject({ url: next, headers: auth })
    const page: Page = res.json()
    seen.push(...page.data.map(x => x.id))
    next = page.meta.next
  }
  return seen
}

t.test('the queue filters by status, article, parent comment and creation time, alone and together', async t => {
  const { list, only, ids: { a, b, c, d, e, f } } = await setup(t)
  t.same(await list('?filter[status]=pending'), only(b, d, f))
  t.same(await list('?filter[status][in]=pending,spam'), only(b, c, d, f))
  t.same(await list('?filter[status][in]=trash'), only(e))
  t.same(await list(`?filter[article]=${summitSlug}`), only(a, c, d, f))
  t.same(await list(`?filter[article][in]=other,${summitSlug}`), only(a, b, c, d, e, f))
  t.same(await list('?filter[article]=no-such-article'), [], 'an unknown slug matches nothing')
  t.same(await list(`?filter[parentId]=${a}`), only(d, f), 'the replies to a comment')
  t.same(await list(`?filter[parentId][in]=${a},${b}`), only(d, f))
  t.same(await list(`?filter[parentId]=${d}`), [], 'a comment without replies')
  t.same(await list('?filter[createdAt][gt]=2026-04-01T10:00:00Z'), only(e, f))
  t.same(await list('?filter[createdAt][gte]=2026-04-01T10:00:00Z'), only(d, e, f))
  t.same(await list('?filter[createdAt][lt]=2026-02-01'), only(a), 'a date alone is its first instant, UTC')
  t.same(await list('?filter[createdAt][lte]=2026-02-01T10:00:00.000Z'), only(a, b))
  t.same(await list('?filter[createdAt][gte]=2026-02-01&filter[createdAt][lt]=2026-04-01'), only(b, c))
  t.same(await list('?filter[createdAt][gte]=2026-02-01T12:00:00%2B02:00'), only(b, c, d, e, f), 'an offset is honoured')
  t.same(await list('?filter[createdAt][gte]=2026-04-01T10:00:00.000000%2B00:00'), only(d, e, f), 'microseconds, as Python writes them')
  t.same(await list('?filter[createdAt][lt]=2026-04-01T10:00:00.000000001Z'), only(a, b, c), 'nanoseconds, cut to the millisecond')
  t.same(await list(`?filter[status]=pending&filter[article]=${summitSlug}&filter[createdAt][gte]=2026-04-02`), only(f))
  t.same(await list('?filter%5Bstatus%5D=spam'), only(c), 'percent-encoded brackets work too')
  // The parameters clients used before the queue spoke the grammar keep working.
  t.same(await list('?filter[status]=pending&filter[article]=other&filter[createdAt][gte]=2026-01-01T00:00:00Z&sort=createdAt'), [b])
})

t.test('newest first by default, oldest first with sort=createdAt, ties broken by id, page by page as in one page', async t => {
  const { app, auth, list, newest } = await setup(t)
  t.same(await list(''), newest)
  t.same(await list('?sort=-createdAt'), newest)
  t.same(await list('?sort=createdAt'), [...newest].reverse())
  t.same(await walk(app, auth, '/v1/comments?limit=1'), newest, 'one at a time, newest first')
  t.same(await walk(app, auth, '/v1/comments?limit=1&sort=createdAt'), [...newest].reverse(), 'one at a time, oldest first')
  t.same(await walk(app, auth, '/v1/comments?limit=2&filter[status][in]=pending,trash'), await list('?filter[status][in]=pending,trash'))
})

t.test('pagination edges: empty page, next link and Link header, last page, a cursor from a deleted comment, bad limits and cursors', async t => {
  const { app, auth, get, newest } = await setup(t)
  const empty = await app.inject({ url: '/v1/comments?filter[article]=no-such-article', headers: auth })
  t.same(empty.json(), { data: [], meta: { limit: 20, nextCursor: null, next: null } })
  t.notOk(empty.headers.link, 'no Link header without a next page')

  const first = await app.inject({ url: '/v1/comments?limit=2&filter[status][in]=pending,spam,trash', headers: auth })
  const page1: Page = first.json()
  t.same(page1.data.map(x => x.id), newest.slice(0, 2))
  t.match(page1.meta.next, /^\/v1\/comments\?/)
  t.match(page1.meta.next, /filter%5Bstatus%5D%5Bin%5D=pending%2Cspam%2Ctrash|filter\[status\]\[in\]=pending,spam,trash/, 'the next link keeps the filters')
  t.equal(first.headers.link, `<${page1.meta.next}>; rel="next"`)

  // The last comment of page 1 goes; its cursor still says where page 2 starts.
  await app.prisma.comment.delete({ where: { id: newest[1] } })
  const page2 = await get(page1.meta.next!.replace('/v1/comments', ''))
  t.same(page2.data.map(x => x.id), newest.slice(2, 4), 'the cursor works after its comment was deleted')
  const last = await app.inject({ url: page2.meta.next!, headers: auth })
  t.same(last.json().data.map((x: Item) => x.id), [newest[4]], 'the approved comment is filtered out')
  t.equal(last.json().meta.next, null, 'the last page has no next')
  t.equal(last.json().meta.nextCursor, null)
  t.notOk(last.headers.link)

  const exact = await get('?limit=5')
  t.equal(exact.data.length, 5)
  t.equal(exact.meta.next, null, 'a page that holds exactly the rest is the last')

  for (const query of ['limit=0', 'limit=101', 'limit=-1', 'limit=2.5', 'limit=ten']) {
    const res = await app.inject({ url: `/v1/comments?${query}`, headers: auth })
    t.equal(res.statusCode, 400, query)
    t.match(res.json(), { errors: [{ in: 'query', pointer: '/limit' }] }, query)
  }
  const oldest = await get('?sort=createdAt&limit=1')
  for (const query of [`sort=-createdAt&cursor=${oldest.meta.nextCursor}`, `cursor=${oldest.meta.nextCursor}`, 'cursor=bogus', `cursor=${Buffer.from('{"o":"-createdAt,-id","v":[1,2]}').toString('base64url')}`]) {
    const res = await app.inject({ url: `/v1/comments?${query}`, headers: auth })
    t.equal(res.statusCode, 400, query)
    t.match(res.json(), { errors: [{ in: 'query', pointer: '/cursor' }] }, query)
  }
  t.equal((await app.inject({ url: `/v1/comments?sort=createdAt&cursor=${oldest.meta.nextCursor}`, headers: auth })).statusCode, 200, 'the cursor works with its own sort')
})

t.test('count=true adds the total the filters match, on every page', async t => {
  const { get } = await setup(t)
  const page1 = await get('?count=true&limit=2')
  t.equal(page1.meta.total, 6)
  t.equal((await get(page1.meta.next!.replace('/v1/comments', ''))).meta.total, 6, 'the next page keeps count=true')
  t.equal((await get('?count=true&filter[status]=pending')).meta.total, 3)
  t.equal((await get(`?count=true&filter[article]=${summitSlug}&filter[createdAt][gte]=2026-03-01`)).meta.total, 3)
  t.equal((await get('?count=true&filter[article]=no-such-article')).meta.total, 0)
  t.notOk('total' in (await get('')).meta, 'no total unless asked')
  t.notOk('total' in (await get('?count=false')).meta)
})

t.test('fields keeps only the named properties of each comment', async t => {
  const { get, newest } = await setup(t)
  const sparse = await get('?fields=id,status')
  t.same(sparse.data.map(x => Object.keys(x).sort()), newest.map(() => ['id', 'status']))
  t.same(sparse.data.map(x => x.id), newest)
  const reply = (await get('?fields=article,parentId,authorName,spamCheck&filter[status]=spam')).data[0]
  t.same(Object.keys(reply).sort(), ['article', 'authorName', 'parentId', 'spamCheck'])
  t.match(reply, { article: summitSlug, authorName: 'Cy', parentId: null, spamCheck: { verdict: 'pass' } })
  const full = (await get('?limit=1')).data[0]
  t.same(Object.keys(full).sort(), ['article', 'authorName', 'body', 'createdAt', 'id', 'parentId', 'spamCheck', 'status', 'updatedAt', 'website'], 'without fields, every public property and nothing private')
})

t.test('private columns, unknown fields and operators are 400s naming the parameter, before any query', async t => {
  const { app, auth } = await setup(t)
  let served = 0
  const queue = app.moderation.queue.bind(app.moderation)
  app.moderation.queue = async (...args) => { served++; return queue(...args) }
  for (const [query, pointer, message] of [
    ['filter[authorEmail]=ada@example.org', '/filter[authorEmail]', /not a known parameter/],
    ['filter[authorEmail][prefix]=ada', '/filter[authorEmail][prefix]', /not a known parameter/],
    ['filter[authorEmail][in]=ada@example.org,bo@example.org', '/filter[authorEmail][in]', /not a known parameter/],
    ['filter[email]=ada@example.org', '/filter[email]', /not a known parameter/],
    ['filter[ipHash]=abc', '/filter[ipHash]', /not a known parameter/],
    ['filter[ipHash][gt]=a', '/filter[ipHash][gt]', /not a known parameter/],
    ['filter[Status]=pending', '/filter[Status]', /not a known parameter/],
    ['filter[STATUS]=pending', '/filter[STATUS]', /not a known parameter/],
    ['filter[status][prefix]=pend', '/filter[status][prefix]', /not a known parameter/],
    ['filter[article][prefix]=iran', '/filter[article][prefix]', /not a known parameter/],
    ['filter[createdAt]=2026-01-01', '/filter[createdAt]', /not a known parameter/],
    ['filter[createdAt][ne]=2026-01-01', '/filter[createdAt][ne]', /not a known parameter/],
    ['filter[body]=spam', '/filter[body]', /not a known parameter/],
    ['filter[article.authorEmail]=ada@example.org', '/filter[article.authorEmail]', /not a known parameter/],
    ['filter[spamCheck]=spam', '/filter[spamCheck]', /not a known parameter/],
    ['filter=status', '/filter', /not a known parameter/],
    ['q=hello', '/q', /not a known parameter/],
    ['include=article', '/include', /not a known parameter/],
    ['authorEmail=ada@example.org', '/authorEmail', /not a known parameter/],
    ['filter[status]=deleted', '/filter[status]', /must be one of: pending, approved, spam, trash/],
    ['filter[createdAt][gte]=yesterday', '/filter[createdAt][gte]', /pattern/],
    ['sort=authorEmail', '/sort', /pattern/],
    ['sort=-ipHash', '/sort', /pattern/],
    ['sort=email', '/sort', /pattern/],
    ['sort=CreatedAt', '/sort', /pattern/],
    ['sort=updatedAt', '/sort', /pattern/],
    ['count=maybe', '/count', /boolean/]
  ] as Array<[string, string, RegExp]>) {
    const res = await app.inject({ url: `/v1/comments?${query}`, headers: auth })
    t.equal(res.statusCode, 400, query)
    t.match(res.headers['content-type'], /^application\/problem\+json/, query)
    t.match(res.json(), { type: 'urn:dateline:problem:validation', status: 400, errors: [{ in: 'query', pointer, message }] }, query)
  }
  t.equal(served, 0, 'the querystring schema refused them: the queue never ran')

  // What the schema cannot see (names in a list, dates, cursors) the service checks
  // before it sends a single statement.
  for (const [query, pointer, message] of [
    ['fields=authorEmail', '/fields', /"authorEmail".*id, article/],
    ['fields=id,ipHash', '/fields', /"ipHash"/],
    ['fields=email', '/fields', /"email"/],
    ['filter[status][in]=pending,deleted', '/filter[status][in]', /"deleted".*pending, approved, spam, trash/],
    ['filter[createdAt][lt]=2026-02-30', '/filter[createdAt][lt]', /not a valid date/],
    ['sort=createdAt,-createdAt', '/sort', /twice/]
  ] as Array<[string, string, RegExp]>) {
    const res = await app.inject({ url: `/v1/comments?${query}`, headers: auth })
    t.equal(res.statusCode, 400, query)
    t.match(res.json(), { type: 'urn:dateline:problem:validation', errors: [{ in: 'query', pointer, message }] }, query)
  }
  const statements: string[] = []
  // A client of its own on the suite's database, logging every statement it sends.
  const client = createPrismaClient(app.config, undefined, [{ emit: 'event', level: 'query' }])
  ;(client as unknown as { $on: (event: 'query', fn: (e: { query: string }) => void) => void }).$on('query', e => { statements.push(e.query) })
  t.teardown(() => client.$disconnect())
  const service = new ModerationService(client, app.unitOfWork, null)
  for (const query of [{ fields: 'authorEmail' }, { fields: 'ipHash' }, { sort: 'authorEmail' }, { 'filter[status][in]': 'pending,deleted' }, { 'filter[article]': summitSlug, cursor: 'bogus' }]) {
    await t.rejects(async () => await service.queue(parseListQuery(moderatedCommentList, query)), { name: 'ProblemError', statusCode: 400 }, JSON.stringify(query))
  }
  t.same(statements, [], 'no statement reached the database')
  await service.queue(parseListQuery(moderatedCommentList, { fields: 'id' }))
  t.ok(statements.length > 0, 'the counting client does see a real query')
})
