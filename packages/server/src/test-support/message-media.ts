// Helpers for tests of media inside messages: media items uploaded through the API (real sharp
// for photos, real ffmpeg for video and voice, waited on until ready), sends with media and
// photo tags, and a look at the rows a message leaves behind (message_media, photo_tags,
// mentions) to prove a refused request changed nothing.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { TestServer } from '../testing.js';
import { api, uniqueName, type TestUser } from './harness.js';

export type UploadKind = 'image' | 'video' | 'audio' | 'voice' | 'file';

const run = promisify(execFile);
let counter = 0;

/** Bytes of a kind, different on every call (the same bytes from the same user would dedupe). */
async function bytesOf(kind: UploadKind): Promise<{ bytes: Buffer; query: Record<string, string> }> {
  const n = (counter += 1);
  if (kind === 'image') {
    const background = { r: (n * 37) % 256, g: (n * 91) % 256, b: (n * 53) % 256 };
    return {
      bytes: await sharp({ create: { width: 64, height: 48, channels: 3, background } })
        .png()
        .toBuffer(),
      query: {},
    };
  }
  if (kind === 'file') {
    return {
      bytes: Buffer.from(`%PDF-1.4\n% test ${n}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`),
      query: { fileName: 'notes.pdf' },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'msg-media-'));
  try {
    const out = join(dir, kind === 'video' ? 'clip.webm' : 'sound.ogg');
    const tone = ['-f', 'lavfi', '-i', `sine=frequency=${200 + n}:duration=1`];
    const args =
      kind === 'video'
        ? [
            '-f',
            'lavfi',
            '-i',
            `testsrc2=size=160x120:rate=10:duration=1`,
            ...tone,
            '-c:v',
            'libvpx',
            '-c:a',
            'libopus',
            '-shortest',
          ]
        : [...tone, '-c:a', 'libopus'];
    await run('/usr/bin/ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, out]);
    return { bytes: await readFile(out), query: kind === 'voice' ? { voice: '1' } : {} };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A media item uploaded by `uploader` through POST /v1/media, once it is ready (video and audio
 * are processed in the job queue: polled with GET /v1/media/:id).
 */
export async function uploadedMedia(s: TestServer, uploader: TestUser, kind: UploadKind = 'image'): Promise<string> {
  const { bytes, query } = await bytesOf(kind);
  const q = Object.keys(query).length > 0 ? `?${new URLSearchParams(query).toString()}` : '';
  const res = await fetch(`${s.url}/v1/media${q}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${uploader.token}`, 'content-type': 'application/octet-stream' },
    body: new Blob([new Uint8Array(bytes)]),
  });
  const body = (await res.json()) as { media: { id: string; status: string; kind: string } };
  if (res.status !== 201 || body.media.kind !== kind) {
    throw new Error(`upload of ${kind} failed: ${res.status} ${JSON.stringify(body)}`);
  }
  let media = body.media;
  for (let i = 0; media.status === 'processing' && i < 600; i++) {
    await new Promise((r) => setTimeout(r, 100));
    media = (await api(s.url, 'GET', `/v1/media/${media.id}`, { token: uploader.token })).body.media;
  }
  if (media.status !== 'ready') throw new Error(`${kind} ${media.id} is ${media.status}`);
  return media.id;
}

/**
 * A media item in a state the API cannot be made to hold at will (still processing, or failed):
 * a row as the upload pipeline leaves it at that point.
 */
export async function mediaInState(
  s: TestServer,
  uploader: TestUser,
  status: 'processing' | 'failed',
): Promise<string> {
  const id = uniqueName('md');
  await s.server.ctx.storage.write((tx) =>
    tx.db
      .insertInto('media')
      .values({
        id,
        uploader_id: uploader.user.id,
        kind: 'video',
        status,
        content_type: 'video/webm',
        size: 1234,
        file_name: null,
        width: null,
        height: null,
        duration_ms: null,
        placeholder: null,
        waveform: null,
        filter: null,
        variants: JSON.stringify({ original: { hash: 'h'.repeat(64), contentType: 'video/webm', size: 1234 } }),
        source_hash: id,
        error: status === 'failed' ? 'could not decode' : null,
        created_at: new Date().toISOString(),
      })
      .execute(),
  );
  return id;
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
