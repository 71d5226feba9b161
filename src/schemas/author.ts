import { Type, type Static } from 'typebox'
import { Nullable, Slug, Timestamp, listOf, sparse } from './common.js'
import { listQuerySchema, rangeOps, type ListSpec } from './list-query.js'

// Authors: the people who write the articles. An article lists its authors in byline
// order; its `byline` string stays as written (or, when empty, is made from them).

const Url = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 })

export const AuthorSchema = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  bio: Nullable(Type.String()),
  role: Nullable(Type.String({ description: 'What the author does: "Middle East correspondent".' })),
  avatar: Nullable(Type.String({ description: 'URL of the author\'s portrait.' })),
  links: Type.Array(Type.String(), { description: 'The author\'s other profiles (schema.org sameAs).' }),
  url: Type.String({ description: 'The author\'s page on the site (SITE_URL and AUTHOR_URL_TEMPLATE).' }),
  updatedAt: Timestamp
}, {
  $id: 'Author',
  title: 'Author',
  examples: [{ slug: 'maria-haddad', name: 'Maria Haddad', bio: 'Covers Syria and the region from Beirut.', role: 'Middle East correspondent', avatar: 'https://news.example/media/maria-haddad.jpg', links: ['https://x.com/mariahaddad'], url: 'https://news.example/authors/maria-haddad', updatedAt: '2018-09-07T18:00:00.000Z' }]
})
export type Author = Static<typeof AuthorSchema>

export const AuthorRefSchema = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  role: Nullable(Type.String()),
  avatar: Nullable(Type.String())
}, { $id: 'AuthorRef', title: 'AuthorRef', description: 'An article\'s author, in byline order.' })
export type AuthorRef = Static<typeof AuthorRefSchema>

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  bio: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 5000 }))),
  role: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  avatar: Type.Optional(Nullable({ ...Url, description: 'URL of a portrait (http or https).' })),
  links: Type.Optional(Type.Array(Url, { maxItems: 20, uniqueItems: true, description: 'URLs of the author\'s other profiles.' }))
}

const example = { name: 'Maria Haddad', role: 'Middle East correspondent', bio: 'Covers Syria and the region from Beirut.', links: ['https://x.com/mariahaddad'] }

export const AuthorWriteBody = Type.Object({
  slug: Type.Optional({ ...Slug, description: 'Made from the name when absent.' }),
  ...fields
}, { additionalProperties: false, title: 'AuthorWrite', examples: [example] })
export type AuthorWrite = Static<typeof AuthorWriteBody>

export const AuthorPatchBody = Type.Object({
  name: Type.Optional(fields.name),
  bio: fields.bio,
  role: fields.role,
  avatar: fields.avatar,
  links: fields.links
}, { additionalProperties: false, minProperties: 1, title: 'AuthorPatch', examples: [{ role: 'Chief foreign correspondent' }] })
export type AuthorPatch = Static<typeof AuthorPatchBody>

export const AuthorParams = Type.Object({ slug: Slug }, { additionalProperties: false })

export const authorList = {
  resource: 'authors',
  filters: {
    slug: { type: 'slug', ops: ['eq', 'in', 'prefix'], description: 'slug' },
    name: { type: 'string', ops: ['eq', 'prefix'], description: 'name' },
    updatedAt: { type: 'date', ops: rangeOps, description: 'last change' }
  },
  sorts: { name: 'string', updatedAt: 'date' },
  defaultSort: 'name',
  includes: [],
  fields: Object.keys(AuthorSchema.properties)
} as const satisfies ListSpec

export const AuthorListQuery = listQuerySchema(authorList)

export const AuthorListItemSchema = Type.Object(sparse(AuthorSchema.properties), { $id: 'AuthorListItem', title: 'AuthorListItem', description: 'An author; `fields=` keeps only the properties it names.' })

export const AuthorListSchema = listOf(Type.Ref('AuthorListItem'), 'AuthorList')
