// An attachment being composed: the file (or the edited photo), what kind of media it will be,
// the filter chosen for a video (rendered by the server), and the people tagged in a photo.
import type { FilterId } from '@anytime/protocol';

export type AttachmentKind = 'image' | 'video' | 'voice' | 'file';

export interface DraftTag {
  userId: string;
  /** Normalized 0..1 region of the (edited) photo. */
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Attachment {
  key: string;
  file: Blob;
  name: string;
  kind: AttachmentKind;
  /** A video's filter, applied by the server (photos come back from the editor already filtered). */
  filter: FilterId | null;
  tags: DraftTag[];
}

let n = 0;

/** The kind from the browser's type (the server sniffs the bytes and decides for real). */
export function kindOf(file: Blob): AttachmentKind {
  if (/^image\/(jpeg|png|webp|gif|avif|heic|heif)$/u.test(file.type)) return 'image';
  if (file.type.startsWith('video/')) return 'video';
  return 'file';
}

export function toAttachment(file: Blob, name?: string, kind: AttachmentKind = kindOf(file)): Attachment {
  n += 1;
  const fileName = name ?? (file instanceof File ? file.name : `attachment-${n}`);
  return { key: `a${n}-${Date.now().toString(36)}`, file, name: fileName, kind, filter: null, tags: [] };
}

/** A tag region of `size` (fraction of the shorter side) centred on a tap, kept inside the photo. */
export function regionAt(
  x: number,
  y: number,
  aspect: number,
  size = 0.25,
): { x: number; y: number; w: number; h: number } {
  // aspect = width / height: a square on screen is w × (w * aspect) in normalized units.
  const w = Math.min(1, aspect >= 1 ? size / aspect : size);
  const h = Math.min(1, aspect >= 1 ? size : size * aspect);
  const clamp = (v: number, span: number) => Math.min(Math.max(v - span / 2, 0), 1 - span);
  const r = (v: number) => Math.round(v * 10_000) / 10_000;
  return { x: r(clamp(x, w)), y: r(clamp(y, h)), w: r(w), h: r(h) };
}
