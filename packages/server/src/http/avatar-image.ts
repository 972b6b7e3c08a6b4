// Which image an avatar upload is, from its first bytes: the client's Content-Type is never
// trusted. Only the formats every browser shows are accepted. Shared by group and user avatars:
// the raw-body routes, the check and the reply.
import { LIMITS } from '@anytime/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

const SIGNATURES: { type: string; test: (b: Buffer) => boolean }[] = [
  {
    type: 'image/png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/gif', test: (b) => ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1')) },
  {
    type: 'image/webp',
    test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];

/** The image's content type, or null when it is none of PNG, JPEG, GIF, WebP. */
export function sniffImageType(bytes: Buffer): string | null {
  if (bytes.length < 12) return null;
  return SIGNATURES.find((s) => s.test(bytes))?.type ?? null;
}

/** An upload's bytes and their sniffed type; a catalog error when they are no image. */
export function requireAvatarImage(bytes: Buffer): { bytes: Buffer; contentType: string } {
  const contentType = sniffImageType(bytes);
  if (!contentType) throw new ApiError('invalid_image', 'the avatar must be a PNG, JPEG, WebP or GIF image');
  return { bytes, contentType };
}

/**
 * Registers routes whose body is a raw avatar image: whatever the Content-Type says, it arrives as
 * bytes (its type is sniffed from them), at most LIMITS.avatarBytesMax; `req.body` is a Buffer.
 */
export function rawImageRoutes(app: FastifyInstance, register: (raw: FastifyInstance) => void): void {
  void app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: LIMITS.avatarBytesMax }, (_req, body, done) =>
      done(null, body),
    );
    register(raw);
  });
}

/** The uploaded bytes of a raw image route (empty when there was no body). */
export function rawBody(req: FastifyRequest): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

/** Sends a stored avatar: its URL changes with each upload, so it may be cached for good. */
export async function sendAvatar(reply: FastifyReply, avatar: { content_type: string; data: Buffer }): Promise<void> {
  await reply
    .code(200)
    .header('content-type', avatar.content_type)
    .header('cache-control', 'private, max-age=31536000, immutable')
    .header('x-content-type-options', 'nosniff')
    .send(Buffer.from(avatar.data));
}
