// The canvas 2D fallback of the filters, for browsers without WebGL2: draws the source at the
// canvas's size and runs the protocol's reference kernels over its pixels (slower, same result).
import { applyFilterRgba, type FilterId } from '@anytime/protocol';
import type { FilterSource } from './webgl.js';

export function renderFilter2d(ctx: CanvasRenderingContext2D, source: FilterSource, filter: FilterId): void {
  const { width: w, height: h } = ctx.canvas;
  ctx.clearRect(0, 0, w, h);
  ctx.drawImage(source, 0, 0, w, h);
  if (filter === 'none') return;
  const image = ctx.getImageData(0, 0, w, h);
  applyFilterRgba(filter, image.data, w, h);
  ctx.putImageData(image, 0, 0);
}
