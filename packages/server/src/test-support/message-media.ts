// Helpers for tests of media inside messages: media items of a user in the database (as the
// upload pipeline leaves them: a row with its variants), sends with media and photo tags, and a
// look at the rows a message leaves behind (message_media, photo_tags, mentions).
import type { TestServer } from '../testing.js';
import { api, uniqueName, type TestUser } from './harness.js';

export interface StoredMediaOptions {
  kind?: 'image' | 'video' | 'audio' | 'voice' | 'file';
  status?: 'processing' | 'ready' | 'failed';
  fileName?: string | null;
}

/**
 * A media item uploaded by `uploader`, stored as the upload pipeline stores a processed item (its
 * variants named, dimensions and placeholder set). Sending only reads these columns.
 */
export async function storedMedia(s: TestServer, uploader: TestUser, opts: StoredMediaOptions = {}): Promise<string> {
  const id = uniqueName('md');
  const kind = opts.kind ?? 'image';
  const visual = kind === 'image' || kind === 'video';
  const timed = kind === 'video' || kind === 'voice' || kind === 'audio';
  const variants =
    kind === 'image'
      ? { original: v('image/jpeg'), thumb320: v('image/webp'), thumb1280: v('image/webp') }
      : kind === 'video'
        ? { original: v('video/mp4'), playback: v('video/mp4'), poster: v('image/jpeg') }
        : { original: v(kind === 'file' ? 'application/pdf' : 'audio/ogg') };
  await s.server.ctx.storage.write((tx) =>
    tx.db
      .insertInto('media')
      .values({
        id,
        uploader_id: uploader.user.id,
        kind,
        status: opts.status ?? 'ready',
        content_type: variants.original.contentType,
        size: 1234,
        file_name: opts.fileName === undefined ? (kind === 'file' ? 'notes.pdf' : null) : opts.fileName,
        width: visual ? 640 : null,
        height: visual ? 480 : null,
        duration_ms: timed ? 3_000 : null,
        placeholder: visual ? 'YJqGPQw7sFlslqhFafSE+Q6oJ1h2iHB2Rw' : null,
        waveform: kind === 'voice' ? JSON.stringify([0, 12, 255, 40]) : null,
        filter: null,
        variants: JSON.stringify(variants),
        source_hash: id,
        error: opts.status === 'failed' ? 'could not decode' : null,
        created_at: new Date().toISOString(),
      })
      .execute(),
  );
  return id;
}

function v(contentType: string) {
  return { hash: 'h'.repeat(64), contentType, size: 1234 };
}

export interface MediaSend {
  text?: string;
  mediaIds?: string[];
  photoTags?: { mediaId: string; userId: string; x: number; y: number; w: number; h: number }[];
  entities?: unknown[];
}

export function sendMedia(s: TestServer, u: TestUser, conversationId: string, body: MediaSend) {
  return api(s.url, 'POST', `/v1/conversations/${conversationId}/messages`, {
    token: u.token,
    body: { clientId: uniqueName('c'), text: '', ...body },
  });
}

/** A tag region at the top left of a photo. */
export const REGION = { x: 0.1, y: 0.2, w: 0.3, h: 0.4 };

/** What the database holds for a conversation: to check a refused request changed nothing. */
export async function conversationRows(s: TestServer, conversationId: string) {
  const db = s.server.ctx.storage.read;
  const [conv, messages, shared, tags, mentions] = await Promise.all([
    db.selectFrom('conversations').select('last_seq').where('id', '=', conversationId).executeTakeFirstOrThrow(),
    db
      .selectFrom('messages')
      .select(['id', 'media', 'updated_seq'])
      .where('conversation_id', '=', conversationId)
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('message_media')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .orderBy('seq')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('photo_tags')
      .select(['id', 'user_id', 'media_id'])
      .where('conversation_id', '=', conversationId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('message_mentions')
      .select(['message_id', 'user_id'])
      .where('conversation_id', '=', conversationId)
      .orderBy('message_id')
      .orderBy('user_id')
      .execute(),
  ]);
  return { lastSeq: conv.last_seq, messages, shared, tags, mentions };
}
