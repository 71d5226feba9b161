import t from 'tap'
import { related } from '../../src/services/list-query.js'

// How a relation filter reaches Prisma: an id list when the related slug reaches few
// rows, the relation's own subquery when it reaches many (or cannot be narrowed).
const build = (slugs: string | { in: string[] }) => ({ mentions: { some: { entity: { slug: slugs } } } })
const reach: Record<string, string[]> = { rare: ['a1', 'a2', 'a3'], other: ['a2', 'a3', 'a4'], popular: ['a1', 'a2', 'a3', 'a4', 'a5'] }
const narrow = async (slug: string, take: number) => (reach[slug] ?? []).slice(0, take)

t.test('eq: every value must hold; few rows become the intersection of their ids', async t => {
  const filter = related(build, narrow, 3)
  t.same(await filter('eq', ['rare', 'other']), { AND: [{ id: { in: ['a2', 'a3'] } }] })
  t.same(await filter('eq', ['rare', 'popular']), { AND: [build('popular'), { id: { in: ['a1', 'a2', 'a3'] } }] }, 'a value reaching more than the cap keeps its subquery')
  t.same(await filter('eq', ['nobody']), { AND: [{ id: { in: [] } }] }, 'a slug reaching nothing matches nothing')
  t.same(await related(build)('eq', ['rare', 'popular']), { AND: [build('rare'), build('popular')] }, 'without narrowing, one subquery per value')
})

t.test('in: any value may hold; the union of ids while it stays under the cap', async t => {
  const filter = related(build, narrow, 4)
  t.same(await filter('in', ['rare', 'other']), { id: { in: ['a1', 'a2', 'a3', 'a4'] } })
  t.same(await related(build, narrow, 3)('in', ['rare', 'other']), build({ in: ['rare', 'other'] }), 'a union over the cap keeps the subquery')
  t.same(await filter('in', ['rare', 'popular']), build({ in: ['rare', 'popular'] }))
})
