import sharp from 'sharp'
import { ProblemError, invalid } from '../../errors.js'

// What Dateline does to picture bytes, with sharp (libvips): find out what an upload
// really is, store it without its metadata, and cut resized, cropped variants.

/** The formats accepted, by what the bytes are (never by the name or declared type). */
export const imageFormats = ['jpeg', 'png', 'webp', 'avif', 'gif'] as const
export type ImageFormat = typeof imageFormats[number]

/** The formats variants are made in. */
export const variantFormats = ['webp', 'avif', 'jpeg'] as const
export type VariantFormat = typeof variantFormats[number]
/** Widths variants are made at; a fixed list, so variants cannot be used to fill the disk. */
export const variantWidths = [160, 320, 640, 960, 1280, 1600, 1920, 2400] as const
/** Crops for places that want a shape (JSON-LD asks for 16:9, 4:3 and 1:1). */
export const ratios = { '16x9': 16 / 9, '4x3': 4 / 3, '1x1': 1 } as const
export type Ratio = keyof typeof ratios

const extensions: Record<ImageFormat, string[]> = {
  jpeg: ['jpg', 'jpeg', 'jpe', 'jfif'],
  png: ['png'],
  webp: ['webp'],
  avif: ['avif'],
  gif: ['gif']
}

export interface Picture {
  bytes: Buffer
  format: ImageFormat
  width: number
  height: number
}

/** The format the bytes are in, if one Dateline takes. AVIF is HEIF with AV1 inside. */
function formatOf (metadata: sharp.Metadata): ImageFormat | null {
  if (metadata.format === 'heif') return metadata.compression === 'av1' ? 'avif' : null
  return (imageFormats as readonly string[]).includes(metadata.format ?? '') ? metadata.format as ImageFormat : null
}

/**
 * Checks an upload and re-encodes it: turned upright as its EXIF orientation says,
 * then written without any metadata (EXIF, GPS location, XMP, comments). A file that
 * is not a picture Dateline takes is a 415; one whose name says another format, a 400.
 */
export async function preparePicture (upload: Buffer, filename: string | undefined, maxPixels: number): Promise<Picture> {
  let metadata: sharp.Metadata
  try {
    metadata = await sharp(upload, { limitInputPixels: maxPixels }).metadata()
  } catch {
    throw new ProblemError(415, `The file is not a picture Dateline takes (${imageFormats.join(', ')}).`)
  }
  const format = formatOf(metadata)
  if (!format) throw new ProblemError(415, `The file is ${metadata.format ?? 'of an unknown type'}, not a picture Dateline takes (${imageFormats.join(', ')}).`)
  const extension = filename?.includes('.') ? filename.split('.').pop()!.toLowerCase() : undefined
  if (extension !== undefined && !extensions[format].includes(extension)) {
    throw invalid('body', '/file', `is named ".${extension}" but its bytes are ${format}; rename it or send the right file`)
  }
  if ((metadata.width ?? 0) * (metadata.height ?? 0) > maxPixels) {
    throw new ProblemError(413, `The picture is larger than ${maxPixels} pixels (MEDIA_MAX_PIXELS).`)
  }
  const animated = format === 'gif' || format === 'webp'
  try {
    const image = sharp(upload, { limitInputPixels: maxPixels, animated }).rotate()
    const { data, info } = await image.toFormat(format).toBuffer({ resolveWithObject: true })
    return {
      bytes: data,
      format,
      width: info.width,
      height: info.pageHeight ?? info.height
    }
  } catch {
    throw new ProblemError(415, 'The picture could not be decoded (truncated or damaged).')
  }
}

export interface VariantSpec {
  width: number
  ratio: Ratio | null
  format: VariantFormat
}

/** `640.webp`, `1280-16x9.jpeg`: a variant's file name, as its URL ends. */
export function variantName (spec: VariantSpec): string {
  return `${spec.width}${spec.ratio ? `-${spec.ratio}` : ''}.${spec.format}`
}

export const variantNamePattern = `^(original|(${variantWidths.join('|')})(-(${Object.keys(ratios).join('|')}))?\\.(${variantFormats.join('|')}))$`

export function parseVariantName (name: string): VariantSpec | null {
  const match = /^(\d+)(?:-(\d+x\d+))?\.([a-z]+)$/.exec(name)
  if (!match) return null
  const width = Number(match[1])
  const ratio = (match[2] ?? null) as Ratio | null
  const format = match[3] as VariantFormat
  if (!(variantWidths as readonly number[]).includes(width) || (ratio !== null && !(ratio in ratios)) || !(variantFormats as readonly string[]).includes(format)) return null
  return { width, ratio, format }
}

/**
 * The crop of `ratio` that keeps the focal point (fractions of width and height) as
 * central as the picture's edges allow.
 */
export function cropAround (width: number, height: number, ratio: number, focal: { x: number, y: number }): { left: number, top: number, width: number, height: number } {
  const cropWidth = Math.min(width, Math.round(height * ratio))
  const cropHeight = Math.min(height, Math.round(width / ratio))
  const clamp = (value: number, max: number) => Math.max(0, Math.min(max, value))
  return {
    left: clamp(Math.round(focal.x * width - cropWidth / 2), width - cropWidth),
    top: clamp(Math.round(focal.y * height - cropHeight / 2), height - cropHeight),
    width: cropWidth,
    height: cropHeight
  }
}

/** Makes a variant of a stored original: cropped to its ratio around the focal point, then narrowed (never enlarged). */
export async function renderVariant (original: Buffer, size: { width: number, height: number }, focal: { x: number, y: number }, spec: VariantSpec): Promise<Buffer> {
  let image = sharp(original)
  if (spec.ratio) image = image.extract(cropAround(size.width, size.height, ratios[spec.ratio], focal))
  image = image.resize({ width: spec.width, withoutEnlargement: true })
  // AVIF at libvips' default effort takes seconds per megapixel on a small machine.
  return (spec.format === 'avif' ? image.avif({ effort: 2 }) : image.toFormat(spec.format)).toBuffer()
}

export const contentTypes: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif', gif: 'image/gif'
}
