import { Type, type Static } from 'typebox'
import { Nullable, Slug, Timestamp } from './common.js'

// Sections (World > Middle East) and tags as resources of their own.

export const SectionRefSchema = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  path: Type.String({ description: 'The slugs from the top section down: world/middle-east.' })
}, { $id: 'SectionRef', title: 'SectionRef', description: 'An article\'s section.' })
export type SectionRef = Static<typeof SectionRefSchema>

export const SectionSchema = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  path: Type.String({ description: 'The slugs from the top section down: world/middle-east.' }),
  parent: Nullable(Type.String({ description: 'The parent section\'s slug; null for a top section.' })),
  position: Type.Integer({ description: 'Order among its siblings.' }),
  articleCount: Type.Integer({ description: 'Public articles in this section and the sections below it.' }),
  url: Type.String({ description: 'The section\'s page on the site (SECTION_URL_TEMPLATE).' }),
  updatedAt: Timestamp
}, {
  $id: 'Section',
  title: 'Section',
  examples: [{ slug: 'middle-east', name: 'Middle East', description: null, path: 'world/middle-east', parent: 'world', position: 0, articleCount: 1, url: 'https://news.example/world/middle-east', updatedAt: '2018-09-07T18:00:00.000Z' }]
})
export type Section = Static<typeof SectionSchema>

export const SectionListSchema = Type.Object({
  data: Type.Array(Type.Ref('Section'), { description: 'Every section, depth-first: each parent before its children, siblings by position then name.' })
}, { title: 'SectionList' })

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  description: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 2000 }))),
  parent: Type.Optional(Nullable({ ...Slug, description: 'The parent section\'s slug (sections nest at most 3 deep).' })),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000, description: 'Order among its siblings (default 0).' }))
}

export const SectionWriteBody = Type.Object({
  slug: Type.Optional({ ...Slug, description: 'Made from the name when absent.' }),
  ...fields
}, { additionalProperties: false, title: 'SectionWrite', examples: [{ slug: 'middle-east', name: 'Middle East', parent: 'world' }] })
export type SectionWrite = Static<typeof SectionWriteBody>

export const SectionPatchBody = Type.Object({
  name: Type.Optional(fields.name),
  description: fields.description,
  parent: fields.parent,
  position: fields.position
}, { additionalProperties: false, minProperties: 1, title: 'SectionPatch', examples: [{ description: 'News from the Middle East and North Africa.' }] })
export type SectionPatch = Static<typeof SectionPatchBody>

export const SectionParams = Type.Object({ slug: Slug }, { additionalProperties: false })

export const TagDetailSchema = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  articleCount: Type.Integer({ description: 'Public articles with this tag.' }),
  url: Type.String({ description: 'The tag\'s page on the site (TAG_URL_TEMPLATE).' })
}, { $id: 'Tag', title: 'Tag', examples: [{ slug: 'idlib', name: 'Idlib', description: null, articleCount: 1, url: 'https://news.example/tags/idlib' }] })
export type TagDetail = Static<typeof TagDetailSchema>

export const TagListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'How many items a page holds (1 to 100).' })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Opaque cursor from `meta.nextCursor` of the previous page.' })),
  'filter[slug][prefix]': Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only tags whose slug starts with the value.' }))
}, { additionalProperties: false })

export const TagListSchema = Type.Object({ data: Type.Array(Type.Ref('Tag')), meta: Type.Ref('PageMeta') }, { title: 'TagList' })

export const TagPatchBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' })),
  description: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 2000 })))
}, { additionalProperties: false, minProperties: 1, title: 'TagPatch', examples: [{ description: 'The province in north-west Syria.' }] })
export type TagPatch = Static<typeof TagPatchBody>
