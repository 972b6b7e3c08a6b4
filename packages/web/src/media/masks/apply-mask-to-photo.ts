// A mask on a still photo (a picked file, or a camera shot taken without one): find the faces
// (the larger, slower detector input) and draw the mask on each. Orientation from EXIF is
// applied first, as people see the photo. A photo without a face comes back as the same Blob.
import { drawMask } from './draw-masks.js';
import { createFaceTracker } from './face-tracker.js';
import type { MaskId } from './mask-ids.js';

export function canvasToBlob(canvas: HTMLCanvasElement, type: string, quality?: number): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas could not be encoded'))), type, quality);
  });
}

export async function applyMaskToPhoto(photo: Blob, maskId: MaskId): Promise<Blob> {
  const bitmap = await createImageBitmap(photo, { imageOrientation: 'from-image' });
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const tracker = await createFaceTracker();
  const faces = await tracker.detect(canvas, { precise: true });
  if (!faces.length) return photo;
  drawMask(ctx, faces, maskId);
  return photo.type === 'image/png' ? canvasToBlob(canvas, 'image/png') : canvasToBlob(canvas, 'image/jpeg', 0.92);
}
