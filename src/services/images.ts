import { randomUUID } from 'node:crypto'
import type { Db } from '../db/client.js'
import type { UnitOfWork } from '../db/unit-of-work.js'
import { ProblemError, notFound } from '../errors.js'
import { imageList, type Image, type ImagePatch, type LeadImage } from '../schemas/image.js'
import { listPage } from './list-pipeline.js'
import { pickFields, scalar, whereOf, type FilterMapper, type ListQuery } from './list-query.js'
import type { MediaStorage } from './media/storage.js'
import { contentTypes, parseVariantName, preparePicture, renderVariant, variantName, variantWidths, type ImageFormat } from './media/pictures.js'
import type { Page } from './pagination.js'
import type { Site } from './site.js'

// Images: metadata in the database, files in the media storage. Writes go through the
// unit of work (image.created|updated|deleted); the files are written before it opens,
// so no file system work holds the write lock, and an orphan file is harmless.

const filters: Record<keyof typeof imageList.filters, FilterMapper> = {
  createdAt: scalar('createdAt'),
  format: scalar('format')
}

export interface ImageRow {
  id: string, key: string, format: string, width: number, height: number, bytes: number, filename: string | null,
  caption: string | null, credit: string | null, alt: string | null, focalX: number, focalY: number, createdAt: Date, updatedAt: Date
}

/** An image's public shape, its file URLs under API_URL. */
export function toImage (row: ImageRow, site: Site): Image {
  const file = (name: string) => site.api(`/v1/images/${row.id}/${name}`)
  const widths = variantWidths.filter((w, i) => w <= row.width || i === 0)
  const srcset = (format: 'webp' | 'avif') => widths.map(width => `${file(variantName({ width, ratio: null, format }))} ${Math.min(width, row.width)}w`).join(', ')
  const crop = (ratio: '16x9' | '4x3' | '1x1') => file(variantName({ width: 1280, ratio, format: 'jpeg' }))
  return {
    id: row.id,
    url: file('original'),
    format: row.format as ImageFormat,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    filename: row.filename,
    caption: row.caption,
    credit: row.credit,
    alt: row.alt,
    focalPoint: { x: row.focalX, y: row.focalY },
    srcset: { webp: srcset('webp'), avif: srcset('avif') },
    crops: { '16x9': crop('16x9'), '4x3': crop('4x3'), '1x1': crop('1x1') },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString()
  }
}

/** An image as an article shows it: its public shape without the upload's file name, size or times. */
export function toLeadImage (row: ImageRow, site: Site): LeadImage {
  const { id, url, format, width, height, caption, credit, alt, focalPoint, srcset, crops } = toImage(row, site)
  return { id, url, format, width, height, caption, credit, alt, focalPoint, srcset, crops }
}

export interface ImageFile { bytes: Buffer, contentType: string }

export class ImageService {
  /** Variants being made now, by storage key: two requests for one new variant make it once. */
  readonly #rendering = new Map<string, Promise<Buffer>>()

  constructor (private readonly db: Db, private readonly storage: MediaStorage, private readonly site: Site) {}

  async list (query: ListQuery): Promise<Page<Partial<Image>>> {
    return await listPage(query, {
      where: await whereOf(query.conditions, filters),
      find: args => this.db.image.findMany(args),
      count: where => this.db.image.count({ where })
    }, row => pickFields(toImage(row, this.site), query.fields))
  }

  async get (id: string): Promise<Image> {
    return toImage(await this.#row(id), this.site)
  }

  /** The original (`original`) or a variant (`640.webp`, `1280-16x9.jpeg`), made on first request and kept. */
  async file (id: string, name: string): Promise<ImageFile> {
    const row = await this.#row(id)
    if (name === 'original') {
      const bytes = await this.storage.get(row.key)
      if (!bytes) throw notFound(`The file of image "${id}"`)
      return { bytes, contentType: contentTypes[row.format as ImageFormat] }
    }
    const spec = parseVariantName(name)
    if (!spec) throw notFound(`Variant "${name}"`)
    // The focal point is part of the key: moving it makes new crops, and old URLs stay true to what they showed.
    const key = `variants/${row.id}/${spec.ratio ? `${row.focalX}_${row.focalY}/` : ''}${name}`
    const bytes = await this.storage.get(key) ?? await this.#render(key, row, spec)
    return { bytes, contentType: contentTypes[spec.format] }
  }

  async #render (key: string, row: ImageRow, spec: ReturnType<typeof parseVariantName> & object): Promise<Buffer> {
    let pending = this.#rendering.get(key)
    if (!pending) {
      pending = (async () => {
        const original = await this.storage.get(row.key)
        if (!original) throw notFound(`The file of image "${row.id}"`)
        const bytes = await renderVariant(original, row, { x: row.focalX, y: row.focalY }, spec)
        await this.storage.put(key, bytes)
        return bytes
      })().finally(() => this.#rendering.delete(key))
      this.#rendering.set(key, pending)
    }
    return pending
  }

  async #row (id: string): Promise<ImageRow> {
    const row = await this.db.image.findUnique({ where: { id } })
    if (!row) throw notFound(`Image "${id}"`)
    return row
  }
}

export interface ImageUpload {
  bytes: Buffer
  filename?: string
  caption?: string
  credit?: string
  alt?: string
  focalX?: number
  focalY?: number
}

export class ImageWriter {
  constructor (
    private readonly unitOfWork: UnitOfWork,
    private readonly storage: MediaStorage,
    private readonly site: Site,
    private readonly maxPixels: number
  ) {}

  async upload (upload: ImageUpload): Promise<Image> {
    const picture = await preparePicture(upload.bytes, upload.filename, this.maxPixels)
    // Each image has its own file, named by its id: deleting one can never take another's.
    const id = randomUUID()
    const key = `originals/${id}.${picture.format}`
    await this.storage.put(key, picture.bytes)
    return this.unitOfWork.run(async (tx, changes) => {
      const row = await tx.image.create({
        data: {
          id,
          key,
          format: picture.format,
          width: picture.width,
          height: picture.height,
          bytes: picture.bytes.length,
          filename: upload.filename?.slice(0, 255) ?? null,
          caption: upload.caption || null,
          credit: upload.credit || null,
          alt: upload.alt || null,
          focalX: upload.focalX ?? 0.5,
          focalY: upload.focalY ?? 0.5
        }
      })
      const image = toImage(row, this.site)
      changes.record({ resource: 'image', id: row.id, event: 'created', data: image })
      return image
    })
  }

  async patch (id: string, input: ImagePatch): Promise<Image> {
    return this.unitOfWork.run(async (tx, changes) => {
      if (!await tx.image.findUnique({ where: { id }, select: { id: true } })) throw notFound(`Image "${id}"`)
      const row = await tx.image.update({
        where: { id },
        data: {
          ...(input.caption !== undefined ? { caption: input.caption } : {}),
          ...(input.credit !== undefined ? { credit: input.credit } : {}),
          ...(input.alt !== undefined ? { alt: input.alt } : {}),
          ...(input.focalX !== undefined ? { focalX: input.focalX } : {}),
          ...(input.focalY !== undefined ? { focalY: input.focalY } : {})
        }
      })
      const image = toImage(row, this.site)
      changes.record({ resource: 'image', id, event: 'updated', data: image })
      return image
    })
  }

  /** Deletes an image no article shows (else a 409 naming the articles), then its files. */
  async delete (id: string): Promise<void> {
    const key = await this.unitOfWork.run(async (tx, changes) => {
      const row = await tx.image.findUnique({ where: { id }, select: { id: true, key: true } })
      if (!row) throw notFound(`Image "${id}"`)
      const uses = await tx.articleImage.findMany({ where: { imageId: id }, select: { article: { select: { slug: true } } }, orderBy: { articleId: 'asc' }, take: 21 })
      if (uses.length > 0) {
        const names = uses.slice(0, 20).map(u => u.article.slug)
        throw new ProblemError(409, `Image "${id}" is shown by ${uses.length > 20 ? 'more than 20 articles, among them' : `${uses.length} article${uses.length === 1 ? '' : 's'}:`} ${names.join(', ')}; take it off them first.`)
      }
      await tx.image.delete({ where: { id } })
      changes.record({ resource: 'image', id, event: 'deleted', data: { id } })
      return row.key
    })
    await this.storage.remove(`variants/${id}`)
    await this.storage.remove(key)
  }
}
