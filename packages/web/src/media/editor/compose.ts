// The editor's result: the photo through its filter (WebGL, the same arithmetic as the server)
// with the stickers, texts and strokes drawn on top, at the photo's resolution (long side capped),
// encoded as JPEG (or WebP).
import { renderFilter, releaseFilterRenderer } from '../filters/index.js';
import { drawItems } from './draw-items.js';
import type { EditorState } from './editor-state.js';

/** The longest side of an edited photo. */
export const OUTPUT_MAX_SIDE = 2560;

/** Fits w × h inside max × max, keeping the aspect ratio (never enlarging). */
export function fitSize(w: number, h: number, max: number): { width: number; height: number } {
  const k = Math.min(1, max / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * k)), height: Math.max(1, Math.round(h * k)) };
}

export async function composeEdited(
  photo: ImageBitmap,
  state: Pick<EditorState, 'filter' | 'items'>,
  options: { maxSide?: number; type?: 'image/jpeg' | 'image/webp'; quality?: number } = {},
): Promise<Blob> {
  const { width, height } = fitSize(photo.width, photo.height, options.maxSide ?? OUTPUT_MAX_SIDE);
  // Scale down with the browser's good resampler first: the filter's own copy pass samples
  // bilinearly, and a texture of the whole of a large photo may exceed the GPU's size limit.
  const source =
    width === photo.width && height === photo.height
      ? photo
      : await createImageBitmap(photo, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
  const filtered = document.createElement('canvas');
  filtered.width = width;
  filtered.height = height;
  renderFilter(source, state.filter, filtered);
  if (source !== photo) source.close();
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('canvas 2D is unavailable');
  ctx.drawImage(filtered, 0, 0);
  releaseFilterRenderer(filtered);
  drawItems(ctx, state.items, width, height);
  const type = options.type ?? 'image/jpeg';
  return new Promise((resolve, reject) =>
    out.toBlob((b) => (b ? resolve(b) : reject(new Error('could not encode the photo'))), type, options.quality ?? 0.9),
  );
}
