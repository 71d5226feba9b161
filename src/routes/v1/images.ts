import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ProblemError, invalid } from '../../errors.js'
import { errorResponses, ok, problem } from '../../schemas/common.js'
import { ImageFileParams, imageList, ImageListQuery, ImageListSchema, ImageParams, ImagePatchBody, ImageUploadBody } from '../../schemas/image.js'
import type { ImageUpload } from '../../services/images.js'
import { parseListQuery } from '../../services/list-query.js'
import { sendPage } from '../page.js'
import { authResponses } from './tokens.js'

const write = [{ bearerAuth: ['content:write'] }]
const image = (description: string) => ok(Type.Ref('Image'), description)
const noImage = problem('No image has this id.')
const textFields = ['caption', 'credit', 'alt'] as const
const focalFields = ['focalX', 'focalY'] as const

// Images: upload (multipart, content:write), describe, delete; their files and resized
// variants are public and immutable (a file URL never shows other bytes).
const images: FastifyPluginAsyncTypebox = async (app) => {
  const maxBytes = app.config.media.maxBytes
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 4000, parts: 12 } })

  app.get('/images', {
    config: { cache: 'public' },
    schema: {
      tags: ['images'],
      summary: 'List images, newest first',
      description: 'The list grammar: `filter[createdAt][gte]`, `filter[format]`, `sort=createdAt`, `limit`, `cursor`, `count=true`, `fields`.',
      querystring: ImageListQuery,
      response: { 200: ok(ImageListSchema, 'A page of images.'), ...errorResponses }
    }
  }, async (request, reply) => sendPage(request, reply, await app.images.list(parseListQuery(imageList, request.query))))

  app.get('/images/:id', {
    config: { cache: 'public' },
    schema: {
      tags: ['images'],
      summary: 'Read an image\'s description and file URLs',
      params: ImageParams,
      response: { 200: image('The image.'), 404: noImage, ...errorResponses }
    }
  }, async (request) => app.images.get(request.params.id))

  app.get('/images/:id/:name', {
    schema: {
      tags: ['images'],
      summary: 'Download an image\'s original or a resized variant',
      description: 'Variants are made on first request (cropped around the focal point when a ratio is named, never wider than the original) and kept. Cached for a year: the bytes behind a URL never change.',
      params: ImageFileParams,
      produces: ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif'],
      response: {
        200: { description: 'The picture.', content: { 'image/*': { schema: { type: 'string', format: 'binary' } } } },
        404: noImage,
        ...errorResponses
      }
    }
  }, async (request, reply) => {
    const file = await app.images.file(request.params.id, request.params.name)
    return reply
      .type(file.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(file.bytes)
  })

  app.post('/images', {
    onRequest: app.requireScope('content:write'),
    // The body is multipart: read by @fastify/multipart below, not by the JSON validator.
    validatorCompiler: () => () => true,
    schema: {
      tags: ['images'],
      summary: 'Upload an image',
      description: 'A `multipart/form-data` body with one `file` (JPEG, PNG, WebP, AVIF or GIF, told by its bytes; a name with another extension is a 400) and optional `caption`, `credit`, `alt`, `focalX`, `focalY`. The picture is turned upright and stored without its metadata: EXIF, GPS location and camera details never reach readers. 413 past MEDIA_MAX_BYTES, 415 for a file that is not a picture.',
      security: write,
      consumes: ['multipart/form-data'],
      body: ImageUploadBody,
      response: {
        201: image('The image as stored.'),
        ...authResponses,
        413: problem('The file is larger than MEDIA_MAX_BYTES or MEDIA_MAX_PIXELS.'),
        415: problem('The body is not multipart/form-data, or the file is not a picture Dateline takes.'),
        ...errorResponses
      }
    }
  }, async (request, reply) => {
    if (!request.isMultipart()) throw new ProblemError(415, 'Send the image as multipart/form-data with a `file` part.')
    const upload: Partial<ImageUpload> = {}
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw invalid('body', `/${part.fieldname}`, 'is not a field of an upload; send the picture as `file`')
        upload.bytes = await part.toBuffer()
        upload.filename = part.filename || undefined
      } else if ((textFields as readonly string[]).includes(part.fieldname)) {
        const value = String(part.value).trim()
        if (value) upload[part.fieldname as typeof textFields[number]] = value
      } else if ((focalFields as readonly string[]).includes(part.fieldname)) {
        const value = Number(part.value)
        if (!(value >= 0 && value <= 1)) throw invalid('body', `/${part.fieldname}`, 'must be a number from 0 to 1')
        upload[part.fieldname as typeof focalFields[number]] = value
      } else {
        throw invalid('body', `/${part.fieldname}`, `is not a field of an upload (file, ${[...textFields, ...focalFields].join(', ')})`)
      }
    }
    if (!upload.bytes) throw invalid('body', '/file', 'is required: the picture')
    const created = await app.imageWriter.upload(upload as ImageUpload)
    return reply.code(201).header('location', `/v1/images/${created.id}`).send(created)
  })

  app.patch('/images/:id', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['images'],
      summary: 'Change an image\'s caption, credit, alt text or focal point',
      description: 'Only the fields sent change; `null` clears a text. A new focal point gives the crops new URLs.',
      security: write,
      params: ImageParams,
      body: ImagePatchBody,
      response: { 200: image('The changed image.'), ...authResponses, 404: noImage, ...errorResponses }
    }
  }, async (request) => app.imageWriter.patch(request.params.id, request.body))

  app.delete('/images/:id', {
    onRequest: app.requireScope('content:write'),
    schema: {
      tags: ['images'],
      summary: 'Delete an image no article shows',
      security: write,
      params: ImageParams,
      response: { 204: { description: 'Deleted, with its files.', type: 'null' }, ...authResponses, 404: noImage, 409: problem('Articles show the image; the detail lists them.'), ...errorResponses }
    }
  }, async (request, reply) => {
    await app.imageWriter.delete(request.params.id)
    return reply.code(204).send(null)
  })
}

export default images
