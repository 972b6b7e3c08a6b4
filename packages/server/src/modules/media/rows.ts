// Reading and writing media rows, and turning a row into the protocol's Media (with signed URLs).
import { MediaVariant, type Media, type MediaKind, type MediaStatus, type FilterId } from '@anytime/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { DB, MediaTable } from '../../storage/schema.js';
import { secretBlobBytes } from '../secret-media/blobs.js';
import type { UrlSigner } from './signing.js';

export type MediaRow = Selectable<MediaTable>;
export interface StoredVariant {
  hash: string;
  contentType: string;
  size: number;
}
export type VariantMap = Partial<Record<MediaVariant, StoredVariant>>;

export const variantsOf = (row: MediaRow): VariantMap => JSON.parse(row.variants) as VariantMap;

export async function mediaRow(db: Kysely<DB>, id: string): Promise<MediaRow | undefined> {
  return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The media item as the protocol shows it; URLs are absolute when `base` is given. */
export function toMedia(row: MediaRow, signer: UrlSigner, base = ''): Media {
  const variants = variantsOf(row);
  const exp = signer.expiry();
  const main: MediaVariant = variants.playback ? 'playback' : 'original';
  return {
    id: row.id,
    kind: row.kind as MediaKind,
    status: row.status as MediaStatus,
    uploaderId: row.uploader_id,
    contentType: row.content_type,
    size: Number(row.size),
    fileName: row.file_name,
    width: row.width,
    height: row.height,
    durationMs: row.duration_ms,
    placeholder: row.placeholder,
    waveform: row.waveform ? (JSON.parse(row.waveform) as number[]) : null,
    filter: row.filter as FilterId | null,
    variants: MediaVariant.options.filter((v) => variants[v]),
    createdAt: row.created_at,
    url: base + signer.path(row.id, main, exp),
    ...(variants.thumb320 ? { thumbnailUrl: base + signer.path(row.id, 'thumb320', exp) } : {}),
    error: row.error,
  };
}

/**
 * Bytes a user's uploads take: each distinct upload (source hash) once, at the size of its
 * `original`; failed uploads do not count; plus their encrypted attachments of secret chats.
 */
export async function usedBytes(db: Kysely<DB>, userId: string): Promise<number> {
  const rows = await db
    .selectFrom('media')
    .select(['source_hash', (eb) => eb.fn.max('size').as('size')])
    .where('uploader_id', '=', userId)
    .where('status', '!=', 'failed')
    .groupBy('source_hash')
    .execute();
  // Encrypted attachments of secret chats count like any upload.
  return rows.reduce((sum, r) => sum + Number(r.size), await secretBlobBytes(db, userId));
}
