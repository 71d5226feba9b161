import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorResponses, ok, problem } from '../../schemas/common.js'
import { SectionListSchema, SectionParams, SectionPatchBody, SectionWriteBody, TagListQuery, TagListSchema, TagPatchBody } from '../../schemas/section.js'
import { sendPage } from '../page.js'
import { authResponses } from './tokens.js'

const write = [{ bearerAuth: ['content:write'] }]
const section = (description: string) => ok(Type.Ref('Section'), description)
const noSection = problem('No section has this slug.')
const noTag = problem('No tag has this slug.')

// Sections (a tree: World > Middle East) and tags, with public article counts.
// Their articles: GET /v1/articles?filter[section]={slug} (the sections below it
// included) and ?filter[tag]={slug}.
const sections: FastifyPluginAsyncTypebox = async (app) => {
  const { sectionWriter, tagWriter } = app

  app.get('/sections', {
    config: { cache: 'public' },
    schema: {
      tags: ['sections'],
      summary: 'Every section, as a depth-first tree',
      response: { 200: ok(SectionListSchema, 'Parents before their children.'), ...errorResponses }
    }
  }, async () => ({ data: await app.sections.list() }))

  app.get('/sections/:slug', {
    config: { cache: 'public' },
    schema: {
      tags: ['sections'],
      summary: 'Read a section',
      params: SectionParams,
      response: { 200: section('The section.'), 404: noSection, ...errorResponses }
    }
  }, async (request) => app.sections.get(request.params.slug))

  app.post('/sections', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['sections'],
      summary: 'Create a section',
      description: 'Under `parent` when given; sections nest at most three deep. Articles name their section by slug in `section`.',
      security: write,
      body: SectionWriteBody,
      response: { 201: section('The section as stored.'), ...authResponses, 409: problem('A section has this slug.'), ...errorResponses }
    }
  }, async (request, reply) => {
    const created = await sectionWriter.create(request.body)
    return reply.code(201).header('location', `/v1/sections/${created.slug}`).send(created)
  })

  app.patch('/sections/:slug', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['sections'],
      summary: 'Rename, describe, reorder or move a section',
      description: 'A new `parent` moves the section with those below it (their paths, and so their articles\' page URLs, follow).',
      security: write,
      params: SectionParams,
      body: SectionPatchBody,
      response: { 200: section('The changed section.'), ...authResponses, 404: noSection, ...errorResponses }
    }
  }, async (request) => sectionWriter.patch(request.params.slug, request.body))

  app.delete('/sections/:slug', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['sections'],
      summary: 'Delete an empty section',
      security: write,
      params: SectionParams,
      response: { 204: { description: 'Deleted.', type: 'null' }, ...authResponses, 404: noSection, 409: problem('Sections below it or articles in it; the detail names them.'), ...errorResponses }
    }
  }, async (request, reply) => {
    await sectionWriter.delete(request.params.slug)
    return reply.code(204).send(null)
  })

  app.get('/tags', {
    config: { cache: 'public' },
    schema: {
      tags: ['tags'],
      summary: 'List tags by slug, with their public article counts',
      querystring: TagListQuery,
      response: { 200: ok(TagListSchema, 'A page of tags.'), ...errorResponses }
    }
  }, async (request, reply) => sendPage(request, reply, await app.tags.list(request.query)))

  app.get('/tags/:slug', {
    config: { cache: 'public' },
    schema: {
      tags: ['tags'],
      summary: 'Read a tag',
      params: SectionParams,
      response: { 200: ok(Type.Ref('Tag'), 'The tag.'), 404: noTag, ...errorResponses }
    }
  }, async (request) => app.tags.get(request.params.slug))

  app.patch('/tags/:slug', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['tags'],
      summary: 'Rename or describe a tag',
      description: 'Tags are made by naming them on an article; the slug stays.',
      security: write,
      params: SectionParams,
      body: TagPatchBody,
      response: { 200: ok(Type.Ref('Tag'), 'The changed tag.'), ...authResponses, 404: noTag, ...errorResponses }
    }
  }, async (request) => tagWriter.patch(request.params.slug, request.body))
}

export default sections
