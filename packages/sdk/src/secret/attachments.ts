// Attachments of secret chats on the client: each file is encrypted with a fresh key
// (@anytime/crypto encryptAttachment), only the ciphertext is uploaded (uploadSecretBlob), and
// what the receiver needs (key, digest, type, size, dimensions, duration, waveform, the sender's
// thumbnail) becomes a SecretAttachment inside the MLS message. Opening one fetches the blob,
// checks its SHA-256 and decrypts it.
import { decryptAttachment, encryptAttachment, toB64 } from '@anytime/crypto';
import { routes, SECRET_THUMBNAIL_MAX, type MediaKind, type SecretAttachment } from '@anytime/protocol';
import type { CallRoute } from '../state/load-state.js';

/** A file to send in a secret chat, with what the sender's device knows about it. */
export interface SecretAttachmentInput {
  data: Uint8Array | Blob;
  kind: MediaKind;
  contentType: string;
  fileName?: string;
  width?: number;
  height?: number;
  durationMs?: number;
  waveform?: number[];
  /** A small preview the sender made (the server never makes one): at most ~17 KB. */
  thumbnail?: { data: Uint8Array; type: 'image/jpeg' | 'image/webp' | 'image/png' };
}

const bytesOf = async (data: Uint8Array | Blob) =>
  data instanceof Blob ? new Uint8Array(await data.arrayBuffer()) : data;

/** Encrypts and uploads one file to the chat; the result goes inside the MLS message. */
export async function uploadAttachment(
  call: CallRoute,
  conversationId: string,
  input: SecretAttachmentInput,
): Promise<SecretAttachment> {
  const plaintext = await bytesOf(input.data);
  const thumbnail = input.thumbnail ? toB64(input.thumbnail.data) : null;
  if (thumbnail && thumbnail.length > SECRET_THUMBNAIL_MAX) {
    throw new RangeError(`the thumbnail is over ${SECRET_THUMBNAIL_MAX} characters of base64url`);
  }
  const sealed = await encryptAttachment(plaintext);
  const { blob } = await call('uploadSecretBlob', { params: { id: conversationId }, query: {}, body: sealed.blob });
  return {
    blobId: blob.id,
    kind: input.kind,
    key: sealed.key,
    digest: sealed.digest,
    contentType: input.contentType,
    size: plaintext.length,
    fileName: input.fileName ?? null,
    width: input.width ?? null,
    height: input.height ?? null,
    durationMs: input.durationMs ?? null,
    waveform: input.waveform ?? null,
    thumbnail,
    thumbnailType: input.thumbnail ? input.thumbnail.type : null,
  };
}

/** Fetches an attachment's blob, checks its digest and decrypts it (AttachmentIntegrityError if changed). */
export async function openAttachment(
  fetchBlob: (path: string) => Promise<Blob>,
  conversationId: string,
  a: SecretAttachment,
): Promise<Uint8Array> {
  const path = routes.getSecretBlob.path
    .replace(':id', encodeURIComponent(conversationId))
    .replace(':blobId', encodeURIComponent(a.blobId));
  const blob = new Uint8Array(await (await fetchBlob(path)).arrayBuffer());
  return decryptAttachment(blob, a.key, a.digest);
}
