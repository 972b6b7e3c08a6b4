// The web app's filter renderer: `renderFilter` draws an image, a video frame or a canvas through
// one of the filters of packages/protocol/src/filters.ts on a canvas, with WebGL2 (the same
// arithmetic as the server's sharp and ffmpeg renderers) or, without WebGL2, canvas 2D.
import type { FilterId } from '@anytime/protocol';
import { renderFilter2d } from './canvas2d.js';
import { WebGlFilterRenderer, type FilterSource } from './webgl.js';

export type { FilterSource } from './webgl.js';
export type FilterBackend = 'webgl' | 'canvas';

interface Bound {
  backend: FilterBackend;
  gl?: WebGlFilterRenderer;
  ctx?: CanvasRenderingContext2D;
}

const bound = new WeakMap<HTMLCanvasElement, Bound>();

function bind(target: HTMLCanvasElement, prefer: FilterBackend): Bound {
  const known = bound.get(target);
  if (known) return known;
  let made: Bound | undefined;
  if (prefer === 'webgl') {
    const gl = target.getContext('webgl2', {
      premultipliedAlpha: false,
      preserveDrawingBuffer: true,
      antialias: false,
    });
    if (gl) made = { backend: 'webgl', gl: new WebGlFilterRenderer(gl) };
  }
  if (!made) {
    const ctx = target.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('this browser can draw neither WebGL2 nor canvas 2D');
    made = { backend: 'canvas', ctx };
  }
  bound.set(target, made);
  return made;
}

/**
 * Draws `source` through `filter` on `target`, at the target's size (set its width and height
 * first: the photo's size for the result, a small size for a thumbnail). A canvas keeps the
 * backend it was first drawn with. Returns the backend used.
 */
export function renderFilter(
  source: FilterSource,
  filter: FilterId,
  target: HTMLCanvasElement,
  options: { backend?: FilterBackend } = {},
): FilterBackend {
  const b = bind(target, options.backend ?? 'webgl');
  if (b.gl) b.gl.render(source, filter);
  else if (b.ctx) renderFilter2d(b.ctx, source, filter);
  return b.backend;
}

/** Frees what `renderFilter` keeps for this canvas (GPU textures and programs). */
export function releaseFilterRenderer(target: HTMLCanvasElement): void {
  bound.get(target)?.gl?.dispose();
  bound.delete(target);
}
