// What an upload is, from its bytes (file-type), never from what the client claims. A claimed
// Content-Type or file-name extension that names a different known type is refused
// (media_type_mismatch); bytes of no known type are unsupported_media_type.
import { extname } from 'node:path';
import { fileTypeFromFile, supportedExtensions, supportedMimeTypes } from 'file-type';
import type { MediaKind } from '@anytime/protocol';
import { ApiError } from '../../http/errors.js';

export interface Sniffed {
  mime: string;
  ext: string;
  kind: MediaKind;
}

/** Formats the image pipeline (sharp) decodes. */
export const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif', 'image/tiff']);

/** Containers a browser records voice notes in (MediaRecorder); file-type names WebM "video". */
const VOICE_CONTAINERS = new Set(['video/webm', 'video/mp4', 'video/ogg']);

function kindOf(mime: string, voice: boolean): MediaKind {
  if (voice && (mime.startsWith('audio/') || VOICE_CONTAINERS.has(mime))) return 'voice';
  if (IMAGE_TYPES.has(mime)) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'file';
}

const MIME_ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/x-flac': 'audio/flac',
  'audio/mp3': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'video/x-m4v': 'video/mp4',
};
const EXT_ALIASES: Record<string, string> = {
  jpeg: 'jpg',
  jpe: 'jpg',
  tif: 'tiff',
  m4v: 'mp4',
  oga: 'ogg',
  opus: 'ogg',
};

const essence = (mime: string): string => {
  const m = mime.split(';')[0]!.trim().toLowerCase();
  return MIME_ALIASES[m] ?? m;
};
/** audio/webm and video/webm, audio/mp4 and video/mp4 ...: the same container, not a mismatch. */
const sameContainer = (a: string, b: string): boolean =>
  a === b || (a.split('/')[1] === b.split('/')[1] && /^(audio|video)\//.test(a) && /^(audio|video)\//.test(b));

const KNOWN_MIMES = new Set<string>([...supportedMimeTypes].map(essence));
const KNOWN_EXTS = new Set<string>(supportedExtensions);
const MP4_FAMILY = new Set(['mp4', 'm4a', 'm4b', 'm4p', 'm4v', 'mov', 'qt', '3gp', 'f4v']);

/** Throws media_type_mismatch when the client named a different known type than the bytes are. */
export function checkClaims(
  sniffed: { mime: string; ext: string },
  claims: { contentType?: string; fileName?: string },
) {
  const claimed = claims.contentType ? essence(claims.contentType) : undefined;
  const actual = essence(sniffed.mime);
  if (claimed && KNOWN_MIMES.has(claimed) && !sameContainer(claimed, actual)) {
    throw new ApiError('media_type_mismatch', `the bytes are ${actual}, not ${claimed}`);
  }
  const rawExt = claims.fileName ? extname(claims.fileName).slice(1).toLowerCase() : '';
  const ext = EXT_ALIASES[rawExt] ?? rawExt;
  const actualExt = EXT_ALIASES[sniffed.ext] ?? sniffed.ext;
  if (ext && KNOWN_EXTS.has(ext) && ext !== actualExt && !(MP4_FAMILY.has(ext) && MP4_FAMILY.has(actualExt))) {
    throw new ApiError('media_type_mismatch', `the bytes are ${actualExt}, not .${ext}`);
  }
}

/** Sniffs a received file; unknown bytes are unsupported_media_type. */
export async function sniffFile(path: string, voice: boolean): Promise<Sniffed> {
  const t = await fileTypeFromFile(path);
  if (!t) throw new ApiError('unsupported_media_type', 'the file is of no type this server knows');
  return { mime: t.mime, ext: t.ext, kind: kindOf(t.mime, voice) };
}
