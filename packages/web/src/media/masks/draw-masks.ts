// The masks themselves: canvas drawing code of our own (no image files), each drawn in the
// face's frame (face-frame.ts), so it follows the face's position, size and roll.
import { enterFaceFrame, faceFrame, type FaceFrame } from './face-frame.js';
import type { TrackedFace } from './face-types.js';
import type { MaskId } from './mask-ids.js';

type Painter = (ctx: CanvasRenderingContext2D, f: FaceFrame) => void;

function roundedRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}

const glasses: Painter = (ctx) => {
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  for (const side of [-1, 1]) {
    roundedRect(ctx, side * 0.5 - 0.37, -0.27, 0.74, 0.54, 0.2);
    ctx.fillStyle = 'rgba(20, 24, 40, 0.78)';
    ctx.fill();
    ctx.lineWidth = 0.08;
    ctx.strokeStyle = '#101010';
    ctx.stroke();
    // A glint on each lens.
    ctx.beginPath();
    ctx.moveTo(side * 0.5 - 0.22, -0.15);
    ctx.lineTo(side * 0.5 - 0.06, -0.15);
    ctx.lineWidth = 0.05;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.55)';
    ctx.stroke();
    // Temple arm towards the ear.
    ctx.beginPath();
    ctx.moveTo(side * 0.87, -0.12);
    ctx.lineTo(side * 1.12, -0.08);
    ctx.lineWidth = 0.08;
    ctx.strokeStyle = '#101010';
    ctx.stroke();
  }
  ctx.beginPath();
  ctx.moveTo(-0.13, -0.08);
  ctx.quadraticCurveTo(0, -0.2, 0.13, -0.08);
  ctx.lineWidth = 0.08;
  ctx.strokeStyle = '#101010';
  ctx.stroke();
};

const hat: Painter = (ctx, f) => {
  const brimY = f.foreheadY - 0.3;
  const w = f.halfWidth * 0.85;
  const crown = ctx.createLinearGradient(-w, 0, w, 0);
  crown.addColorStop(0, '#1b1b1f');
  crown.addColorStop(0.45, '#3a3a44');
  crown.addColorStop(1, '#121215');
  ctx.fillStyle = crown;
  roundedRect(ctx, -w, brimY - 1.7, 2 * w, 1.7, 0.08);
  ctx.fill();
  ctx.fillStyle = '#b3202c';
  ctx.fillRect(-w, brimY - 0.42, 2 * w, 0.3);
  ctx.beginPath();
  ctx.ellipse(0, brimY, f.halfWidth * 1.45, 0.2, 0, 0, Math.PI * 2);
  ctx.fillStyle = '#18181c';
  ctx.fill();
};

const ears: Painter = (ctx, f) => {
  const baseY = f.foreheadY - 0.05;
  for (const side of [-1, 1]) {
    const x = side * f.halfWidth * 0.62;
    ctx.beginPath();
    ctx.moveTo(x - side * 0.45, baseY);
    ctx.lineTo(x + side * 0.35, baseY - 1.35);
    ctx.lineTo(x + side * 0.55, baseY - 0.05);
    ctx.closePath();
    ctx.fillStyle = '#6b4a32';
    ctx.fill();
    ctx.beginPath();
    ctx.moveTo(x - side * 0.22, baseY - 0.1);
    ctx.lineTo(x + side * 0.3, baseY - 1.0);
    ctx.lineTo(x + side * 0.38, baseY - 0.12);
    ctx.closePath();
    ctx.fillStyle = '#f2a7b5';
    ctx.fill();
  }
  // A nose and whiskers to go with the ears.
  ctx.beginPath();
  ctx.ellipse(0, f.noseY - 0.05, 0.16, 0.11, 0, 0, Math.PI * 2);
  ctx.fillStyle = '#3b2418';
  ctx.fill();
  ctx.strokeStyle = 'rgba(40, 25, 15, 0.85)';
  ctx.lineWidth = 0.035;
  for (const side of [-1, 1]) {
    for (const dy of [-0.08, 0.04, 0.16]) {
      ctx.beginPath();
      ctx.moveTo(side * 0.3, f.noseY + dy);
      ctx.lineTo(side * 1.0, f.noseY + dy * 2.2);
      ctx.stroke();
    }
  }
};

/** A fox face over the whole face, with holes for the eyes. */
const fullFace: Painter = (ctx, f) => {
  const top = f.foreheadY - 0.2;
  const bottom = f.chinY + 0.1;
  const w = f.halfWidth * 1.05;
  ctx.beginPath();
  ctx.moveTo(0, top);
  ctx.lineTo(-w * 0.55, top - 0.05);
  ctx.lineTo(-w * 0.95, top - 0.9); // left ear tip
  ctx.lineTo(-w * 1.02, top + 0.45);
  ctx.quadraticCurveTo(-w * 1.1, (top + bottom) / 2 + 0.3, 0, bottom);
  ctx.quadraticCurveTo(w * 1.1, (top + bottom) / 2 + 0.3, w * 1.02, top + 0.45);
  ctx.lineTo(w * 0.95, top - 0.9); // right ear tip
  ctx.lineTo(w * 0.55, top - 0.05);
  ctx.closePath();
  // Eye holes (even-odd: they stay open).
  for (const side of [-1, 1]) {
    ctx.moveTo(side * 0.5 + 0.26, 0);
    ctx.ellipse(side * 0.5, 0, 0.26, 0.15, 0, 0, Math.PI * 2);
  }
  const fur = ctx.createLinearGradient(0, top, 0, bottom);
  fur.addColorStop(0, '#d9631e');
  fur.addColorStop(1, '#f08a3c');
  ctx.fillStyle = fur;
  ctx.fill('evenodd');
  // White cheeks and muzzle.
  ctx.beginPath();
  ctx.moveTo(-w * 0.98, 0.35);
  ctx.quadraticCurveTo(-0.2, 0.3, 0, f.noseY - 0.1);
  ctx.quadraticCurveTo(0.2, 0.3, w * 0.98, 0.35);
  ctx.quadraticCurveTo(w * 0.9, bottom - 0.3, 0, bottom);
  ctx.quadraticCurveTo(-w * 0.9, bottom - 0.3, -w * 0.98, 0.35);
  ctx.fillStyle = '#fff4ea';
  ctx.fill();
  ctx.beginPath();
  ctx.ellipse(0, f.noseY, 0.2, 0.13, 0, 0, Math.PI * 2);
  ctx.fillStyle = '#1a1210';
  ctx.fill();
  // Dark rims around the eye holes.
  ctx.strokeStyle = '#2a1408';
  ctx.lineWidth = 0.05;
  for (const side of [-1, 1]) {
    ctx.beginPath();
    ctx.ellipse(side * 0.5, 0, 0.27, 0.16, 0, 0, Math.PI * 2);
    ctx.stroke();
  }
};

const PAINTERS: Record<MaskId, Painter> = { glasses, hat, ears, 'full-face': fullFace };

/** Draws `mask` on each face (ctx holds the frame the faces were found in, at the same scale). */
export function drawMask(ctx: CanvasRenderingContext2D, faces: readonly TrackedFace[], mask: MaskId): void {
  for (const face of faces) {
    const frame = faceFrame(face);
    ctx.save();
    enterFaceFrame(ctx, frame);
    PAINTERS[mask](ctx, frame);
    ctx.restore();
  }
}
