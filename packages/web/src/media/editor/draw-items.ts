// Draws the editor's stickers, texts and strokes on a 2D canvas at any size: the preview overlay
// and the full-size output use this one function, so what is seen is what is sent.
import type { EditorItem } from './editor-state.js';

export const EMOJI_FONT = '"Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji", sans-serif';
export const TEXT_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export function drawItems(ctx: CanvasRenderingContext2D, items: readonly EditorItem[], w: number, h: number): void {
  const short = Math.min(w, h);
  ctx.save();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const item of items) {
    if (item.kind === 'stroke') {
      const p = item.points;
      if (p.length < 2) continue;
      ctx.strokeStyle = item.color;
      ctx.fillStyle = item.color;
      ctx.lineWidth = Math.max(1, item.width * short);
      ctx.beginPath();
      ctx.moveTo(p[0]! * w, p[1]! * h);
      if (p.length === 2) {
        ctx.arc(p[0]! * w, p[1]! * h, ctx.lineWidth / 2, 0, Math.PI * 2);
        ctx.fill();
        continue;
      }
      for (let i = 2; i + 1 < p.length; i += 2) ctx.lineTo(p[i]! * w, p[i + 1]! * h);
      ctx.stroke();
    } else if (item.kind === 'sticker') {
      ctx.font = `${Math.round(item.size * h)}px ${EMOJI_FONT}`;
      ctx.fillText(item.emoji, item.x * w, item.y * h);
    } else {
      const px = Math.round(item.size * h);
      ctx.font = `bold ${px}px ${TEXT_FONT}`;
      // A dark outline keeps light text readable on a light photo (and the other way round).
      ctx.lineWidth = Math.max(1, px / 12);
      ctx.strokeStyle = item.color === '#ffffff' ? 'rgba(0,0,0,0.6)' : 'rgba(255,255,255,0.6)';
      ctx.strokeText(item.text, item.x * w, item.y * h);
      ctx.fillStyle = item.color;
      ctx.fillText(item.text, item.x * w, item.y * h);
    }
  }
  ctx.restore();
}
