import { Type, type Static } from 'typebox'
import { Id, Nullable, Timestamp, listOf, sparse } from './common.js'
import { listQuerySchema, rangeOps, type ListSpec } from './list-query.js'
import { imageFormats, variantFormats, variantNamePattern } from '../services/media/pictures.js'

// Images: uploaded pictures with their caption, credit, alt text and focal point, and
// the URLs of their resized variants. An article names its lead and inline images by id.

const Fraction = (description: string) => Type.Number({ minimum: 0, maximum: 1, description })

const exampleId = '5b3c1c52-6f0e-4c1a-9a57-2f1d3c6a9e10'
const file = (name: string) => `http://localhost:3000/v1/images/${exampleId}/${name}`

export const ImageSchema = Type.Object({
  id: Id,
  url: Type.String({ description: 'The stored original, re-encoded without its metadata. Every file URL of an image is immutable.' }),
  format: Type.Enum([...imageFormats]),
  width: Type.Integer(),
  height: Type.Integer(),
  bytes: Type.Integer({ description: 'Size of the stored original.' }),
  filename: Nullable(Type.String({ description: 'The uploaded file\'s name, as sent.' })),
  caption: Nullable(Type.String()),
  credit: Nullable(Type.String({ description: 'Who made the picture: "Reuters/Jane Doe".' })),
  alt: Nullable(Type.String({ description: 'What the picture shows, for readers who cannot see it.' })),
  focalPoint: Type.Object({ x: Fraction('From the left edge.'), y: Fraction('From the top edge.') }, { description: 'The point crops keep.' }),
  srcset: Type.Object({
    webp: Type.String(),
    avif: Type.String()
  }, { description: 'Ready for <img srcset>: the widths up to the original\'s, in each modern format.' }),
  crops: Type.Object({
    '16x9': Type.String(),
    '4x3': Type.String(),
    '1x1': Type.String()
  }, { description: 'JPEG crops 1280 wide (or the original\'s width) around the focal point, as JSON-LD and social cards want.' }),
  createdAt: Timestamp,
  updatedAt: Timestamp
}, {
  $id: 'Image',
  title: 'Image',
  examples: [{
    id: exampleId,
    url: file('original'),
    format: 'jpeg',
    width: 2400,
    height: 1600,
    bytes: 412345,
    filename: 'tehran-summit.jpg',
    caption: 'Presidents Rouhani, Putin and Erdoğan in Tehran.',
    credit: 'Reuters',
    alt: 'Three presidents stand at lecterns in front of their flags.',
    focalPoint: { x: 0.5, y: 0.4 },
    srcset: { webp: `${file('320.webp')} 320w, ${file('640.webp')} 640w`, avif: `${file('320.avif')} 320w, ${file('640.avif')} 640w` },
    crops: { '16x9': file('1280-16x9.jpeg'), '4x3': file('1280-4x3.jpeg'), '1x1': file('1280-1x1.jpeg') },
    createdAt: '2018-09-07T18:00:00.000Z',
    updatedAt: '2018-09-07T18:00:00.000Z'
  }]
})
export type Image = Static<typeof ImageSchema>

export const LeadImageSchema = Type.Object({
  id: ImageSchema.properties.id,
  url: ImageSchema.properties.url,
  format: ImageSchema.properties.format,
  width: ImageSchema.properties.width,
  height: ImageSchema.properties.height,
  caption: ImageSchema.properties.caption,
  credit: ImageSchema.properties.credit,
  alt: ImageSchema.properties.alt,
  focalPoint: ImageSchema.properties.focalPoint,
  srcset: ImageSchema.properties.srcset,
  crops: ImageSchema.properties.crops
}, { $id: 'LeadImage', title: 'LeadImage', description: 'An article\'s lead image: the image (see /v1/images) without its upload details.' })
export type LeadImage = Static<typeof LeadImageSchema>

const text = (maxLength: number, description: string) => Type.Optional(Nullable(Type.String({ minLength: 1, maxLength, description })))

/** The fields an editor writes about an image (the file itself is uploaded once). */
export const imageFields = {
  caption: text(2000, 'The caption shown with the picture.'),
  credit: text(300, 'Who made the picture.'),
  alt: text(1000, 'What the picture shows, for readers who cannot see it.'),
  focalX: Type.Optional(Fraction('The focal point, from the left edge (0 to 1, default 0.5).')),
  focalY: Type.Optional(Fraction('The focal point, from the top edge (0 to 1, default 0.5).'))
}

export const ImageUploadBody = Type.Object({
  file: Type.String({ format: 'binary', description: `The picture: ${imageFormats.join(', ')}, sniffed from its bytes. At most MEDIA_MAX_BYTES (20 MB by default).` }),
  caption: Type.Optional(Type.String({ maxLength: 2000 })),
  credit: Type.Optional(Type.String({ maxLength: 300 })),
  alt: Type.Optional(Type.String({ maxLength: 1000 })),
  focalX: Type.Optional(Type.String({ description: 'A number from 0 to 1.', examples: ['0.5'] })),
  focalY: Type.Optional(Type.String({ description: 'A number from 0 to 1.', examples: ['0.4'] }))
}, { required: ['file'], title: 'ImageUpload' })

export const ImagePatchBody = Type.Object(imageFields, {
  additionalProperties: false,
  minProperties: 1,
  title: 'ImagePatch',
  examples: [{ caption: 'Presidents Rouhani, Putin and Erdoğan in Tehran on 7 September 2018.', focalY: 0.4 }]
})
export type ImagePatch = Static<typeof ImagePatchBody>

export const ImageParams = Type.Object({ id: Id }, { additionalProperties: false })

export const ImageFileParams = Type.Object({
  id: Id,
  name: Type.String({
    pattern: variantNamePattern,
    description: `\`original\`, or a variant \`{width}.{format}\` or \`{width}-{ratio}.{format}\`: widths 160 to 2400, ratio 16x9, 4x3 or 1x1, format ${variantFormats.join(', ')}.`,
    examples: ['640.webp']
  })
}, { additionalProperties: false })

export const imageList = {
  resource: 'images',
  filters: {
    createdAt: { type: 'date', ops: rangeOps, description: 'upload time' },
    format: { type: 'string', ops: ['eq', 'in'], description: 'format' }
  },
  sorts: { createdAt: 'date' },
  defaultSort: '-createdAt',
  includes: [],
  fields: Object.keys(ImageSchema.properties)
} as const satisfies ListSpec

export const ImageListQuery = listQuerySchema(imageList)

export const ImageListItemSchema = Type.Object(sparse(ImageSchema.properties), { $id: 'ImageListItem', title: 'ImageListItem', description: 'An image; `fields=` keeps only the properties it names.' })

export const ImageListSchema = listOf(Type.Ref('ImageListItem'), 'ImageList')
