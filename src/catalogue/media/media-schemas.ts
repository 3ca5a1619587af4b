import { z } from 'zod';
import { mediaKinds } from '../schema.ts';
import { optionalText } from '../../platform/http/schemas.ts';

export type MediaKind = (typeof mediaKinds)[number];
export const mediaKind = z.enum(mediaKinds);

/** The form fields of an upload (the file itself is the part named `file`). */
export const uploadFields = z.strictObject({
  kind: mediaKind,
  title: optionalText(200),
});
export type UploadFields = z.infer<typeof uploadFields>;

export const mediaUpdate = z
  .strictObject({
    title: optionalText(200),
    position: z.number().int().min(0).max(32767).optional(),
  })
  .refine((v) => v.title !== undefined || v.position !== undefined, { message: 'ange title eller position' });
export type MediaUpdate = z.infer<typeof mediaUpdate>;

export const mediaView = z.object({
  id: z.uuid(),
  articleId: z.uuid(),
  kind: mediaKind,
  title: z.string().nullable(),
  contentType: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  url: z.string(),
  /** A small image to show in lists: a WebP for raster images, the SVG itself for SVG, null for documents. */
  thumbnailUrl: z.string().nullable(),
  position: z.number().int(),
  sourceUrl: z.string().nullable(),
  createdAt: z.date(),
});
export type MediaView = z.infer<typeof mediaView>;

/** Payload of the background job `catalogue.fetch-media` (media links from the national import). */
export const fetchMediaInput = z.strictObject({
  articleId: z.uuid(),
  kind: mediaKind,
  title: optionalText(200),
  url: z.string().trim().min(1).max(2000),
});
export type FetchMediaInput = z.input<typeof fetchMediaInput>;
