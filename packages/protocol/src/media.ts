// Media: photos, videos, voice notes and files attached to messages, with their processing state,
// photo tags (@mentions of people in a photo, by region), filters and the per-conversation gallery.
// A Media carries no URL of its own inside a Message (events are stored, signed URLs expire):
// clients ask for short-lived signed URLs with `POST /v1/media/urls`.
import { z } from 'zod';
import { Id, QueryInt, Timestamp } from './common.js';
import { LIMITS } from './limits.js';

/** What the server made of the bytes (sniffed from the bytes, never from Content-Type). */
export const MediaKind = z.enum(['image', 'video', 'audio', 'voice', 'file']).meta({ id: 'MediaKind' });
export type MediaKind = z.infer<typeof MediaKind>;

/** Images are processed in the request; video and audio in the job queue (progress on the socket). */
export const MediaStatus = z.enum(['processing', 'ready', 'failed']).meta({ id: 'MediaStatus' });
export type MediaStatus = z.infer<typeof MediaStatus>;

/**
 * The photo filters, defined once as data in filters.ts and rendered the same in the browser
 * (WebGL) and on the server (sharp for photos, ffmpeg for video).
 */
export const FILTER_IDS = [
  'none',
  'mono',
  'sepia',
  'vivid',
  'warm',
  'cool',
  'fade',
  'vignette',
  'grain',
  'duotone',
  'pixelate',
  'glitch',
  'soft_focus',
] as const;
export const FilterId = z.enum(FILTER_IDS).meta({ id: 'FilterId' });
export type FilterId = z.infer<typeof FilterId>;

/** The stored renditions of a media item; signed URLs name one of these. */
export const MediaVariant = z
  .enum(['original', 'thumb320', 'thumb1280', 'thumb320_jpeg', 'thumb1280_jpeg', 'poster', 'playback'])
  .meta({ id: 'MediaVariant' });
export type MediaVariant = z.infer<typeof MediaVariant>;

/** A region of a photo, normalized to 0..1 of its (auto-oriented) width and height. */
const unit = z.number().min(0).max(1);
export const PhotoRegion = {
  x: unit,
  y: unit,
  w: unit.refine((v) => v > 0, 'w must be positive'),
  h: unit.refine((v) => v > 0, 'h must be positive'),
};

/** A person tagged in a photo of a message: a mention by region. */
export const PhotoTag = z
  .object({ id: Id, userId: Id, taggedBy: Id, createdAt: Timestamp, ...PhotoRegion })
  .meta({ id: 'PhotoTag' });
export type PhotoTag = z.infer<typeof PhotoTag>;

/** What a message carries of each attached media item: enough to lay the chat out before loading. */
export const MessageMedia = z
  .object({
    id: Id,
    kind: MediaKind,
    /** The type of the `original` variant (after normalization: video/mp4, audio/ogg, ...). */
    contentType: z.string(),
    size: z.number().int().nonnegative(),
    fileName: z.string().nullable(),
    width: z.number().int().positive().nullable(),
    height: z.number().int().positive().nullable(),
    durationMs: z.number().int().nonnegative().nullable(),
    /** ThumbHash of the image or poster, base64: a tiny placeholder drawn before the image loads. */
    placeholder: z.string().nullable(),
    /** Voice notes and audio: peak levels 0..255, evenly spaced over the duration. */
    waveform: z.array(z.number().int().min(0).max(255)).max(256).nullable(),
    filter: FilterId.nullable(),
    variants: z.array(MediaVariant),
    /** People tagged in this photo of this message (always empty for other kinds). */
    tags: z.array(PhotoTag),
  })
  .meta({ id: 'MessageMedia' });
export type MessageMedia = z.infer<typeof MessageMedia>;

/** A media item as its uploader (or a member who may see it) fetches it, with signed URLs. */
export const Media = MessageMedia.omit({ tags: true })
  .extend({
    status: MediaStatus,
    uploaderId: Id,
    createdAt: Timestamp,
    /** Signed, short-lived URL of the original (or the normalized playback file). */
    url: z.string(),
    /** Signed URL of the 320 px WebP thumbnail (images, and video posters). */
    thumbnailUrl: z.string().optional(),
    /** Why processing failed, when status is failed. */
    error: z.string().nullable(),
  })
  .meta({ id: 'Media' });
export type Media = z.infer<typeof Media>;

export const MediaResponse = z.object({ media: Media }).meta({ id: 'MediaResponse' });
export type MediaResponse = z.infer<typeof MediaResponse>;

/** Options of an upload, in the query string of `POST /v1/media` (and tus Upload-Metadata). */
export const UploadQuery = z.strictObject({
  /** Mark an audio upload as a voice note: normalized to Opus, waveform computed. */
  voice: z.enum(['1', 'true']).optional(),
  /** Rendered on the server (video: ffmpeg; photos: sharp, for clients without WebGL). */
  filter: FilterId.optional(),
  fileName: z.string().min(1).max(255).optional(),
});
export type UploadQuery = z.infer<typeof UploadQuery>;

export const MediaUrlsRequest = z.strictObject({ ids: z.array(Id).min(1).max(100) }).meta({ id: 'MediaUrlsRequest' });
export type MediaUrlsRequest = z.infer<typeof MediaUrlsRequest>;

/** Signed URLs per media id and variant; ids the caller may not see are left out. */
export const MediaUrlsResponse = z
  .object({
    urls: z.record(z.string(), z.partialRecord(MediaVariant, z.string())),
    /** When every URL in this answer stops working. */
    expiresAt: Timestamp,
  })
  .meta({ id: 'MediaUrlsResponse' });
export type MediaUrlsResponse = z.infer<typeof MediaUrlsResponse>;

export const MediaVariantParams = z.object({ id: Id, variant: MediaVariant });
export const SignedUrlQuery = z.strictObject({
  exp: QueryInt(0, Number.MAX_SAFE_INTEGER).optional(),
  sig: z.string().max(128).optional(),
});

export const AddPhotoTagRequest = z
  .strictObject({ mediaId: Id, userId: Id, ...PhotoRegion })
  .meta({ id: 'AddPhotoTagRequest' });
export type AddPhotoTagRequest = z.infer<typeof AddPhotoTagRequest>;

export const PhotoTagParams = z.object({ id: Id, tagId: Id });

/** Tags given with a send, one per person and photo. */
export const SendPhotoTag = z.strictObject({ mediaId: Id, userId: Id, ...PhotoRegion });
export const SendPhotoTags = z.array(SendPhotoTag).max(LIMITS.photoTagsMax);

export const GalleryKind = z.enum(['photos', 'videos', 'files', 'voice', 'links']).meta({ id: 'GalleryKind' });
export type GalleryKind = z.infer<typeof GalleryKind>;

export const GalleryQuery = z.strictObject({
  kind: GalleryKind,
  /** Only items of messages with a lower seq (the next page). */
  beforeSeq: QueryInt(1, Number.MAX_SAFE_INTEGER).optional(),
  limit: QueryInt(1, LIMITS.pageMax).default(LIMITS.pageDefault),
});
export type GalleryQuery = z.infer<typeof GalleryQuery>;

export const GalleryItem = z
  .object({
    messageId: Id,
    seq: z.number().int().positive(),
    senderId: Id,
    createdAt: Timestamp,
    /** Set for photos, videos, files and voice. */
    media: MessageMedia.nullable(),
    /** Set for links: the URL (and its preview when the server has one). */
    url: z.string().nullable(),
  })
  .meta({ id: 'GalleryItem' });
export type GalleryItem = z.infer<typeof GalleryItem>;

export const GalleryResponse = z
  .object({ items: z.array(GalleryItem), nextBeforeSeq: z.number().int().positive().nullable() })
  .meta({ id: 'GalleryResponse' });
export type GalleryResponse = z.infer<typeof GalleryResponse>;

export const MediaUsageResponse = z
  .object({ usedBytes: z.number().int().nonnegative(), quotaBytes: z.number().int().nonnegative() })
  .meta({ id: 'MediaUsageResponse' });
export type MediaUsageResponse = z.infer<typeof MediaUsageResponse>;
