// The filter steps of filters.ts as plain JavaScript over RGBA bytes: the reference arithmetic.
// The server runs the steps sharp has no exact operation for (vignette, grain, pixelate, shift,
// the blur mix) through these, and the web app's canvas 2D fallback runs all of them.
import {
  FILTERS,
  blurSigmaPx,
  grainNoise,
  pixelBlock,
  shiftPx,
  type BlurStep,
  type FilterStep,
  type GrainStep,
  type LevelsStep,
  type MatrixStep,
  type PixelateStep,
  type ShiftStep,
  type VignetteStep,
} from './filters.js';
import type { FilterId } from './media.js';

/** RGBA pixels, 4 bytes each, row by row (ImageData.data, or sharp's raw output with alpha). */
export type Rgba = Uint8Array | Uint8ClampedArray;

const to8 = (v: number): number => (v <= 0 ? 0 : v >= 255 ? 255 : Math.floor(v + 0.5));

/** smoothstep as GLSL defines it. */
export function smoothstep(e0: number, e1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
}

/** The vignette factor of pixel (x, y). */
export function vignetteFactor(step: VignetteStep, x: number, y: number, w: number, h: number): number {
  const dx = (2 * x + 1) / w - 1;
  const dy = (2 * y + 1) / h - 1;
  const d = Math.sqrt(dx * dx + dy * dy) / Math.SQRT2;
  return 1 - step.strength * smoothstep(step.inner, 1, d);
}

export function matrixKernel(step: MatrixStep, px: Rgba): void {
  const m = step.m;
  for (let i = 0; i < px.length; i += 4) {
    const r = px[i]!;
    const g = px[i + 1]!;
    const b = px[i + 2]!;
    px[i] = to8(m[0] * r + m[1] * g + m[2] * b);
    px[i + 1] = to8(m[3] * r + m[4] * g + m[5] * b);
    px[i + 2] = to8(m[6] * r + m[7] * g + m[8] * b);
  }
}

export function levelsKernel(step: LevelsStep, px: Rgba): void {
  const luts = [0, 1, 2].map((c) => {
    const lut = new Uint8Array(256);
    for (let v = 0; v < 256; v++) lut[v] = to8(step.gain[c]! * v + step.offset[c]! * 255);
    return lut;
  }) as [Uint8Array, Uint8Array, Uint8Array];
  for (let i = 0; i < px.length; i += 4) {
    px[i] = luts[0][px[i]!]!;
    px[i + 1] = luts[1][px[i + 1]!]!;
    px[i + 2] = luts[2][px[i + 2]!]!;
  }
}

export function vignetteKernel(step: VignetteStep, px: Rgba, w: number, h: number): void {
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const f = vignetteFactor(step, x, y, w, h);
      const i = (y * w + x) * 4;
      px[i] = to8(px[i]! * f);
      px[i + 1] = to8(px[i + 1]! * f);
      px[i + 2] = to8(px[i + 2]! * f);
    }
  }
}

export function grainKernel(step: GrainStep, px: Rgba, w: number, h: number): void {
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const n = 255 * step.amount * (grainNoise(x, y, step.seed) - 0.5);
      const i = (y * w + x) * 4;
      px[i] = to8(px[i]! + n);
      px[i + 1] = to8(px[i + 1]! + n);
      px[i + 2] = to8(px[i + 2]! + n);
    }
  }
}

export function pixelateKernel(step: PixelateStep, px: Rgba, w: number, h: number): void {
  const b = pixelBlock(step.size, w, h);
  for (let by = 0; by < h; by += b) {
    const bh = Math.min(b, h - by);
    for (let bx = 0; bx < w; bx += b) {
      const bw = Math.min(b, w - bx);
      const sum = [0, 0, 0];
      for (let y = by; y < by + bh; y++) {
        for (let x = bx; x < bx + bw; x++) {
          const i = (y * w + x) * 4;
          sum[0]! += px[i]!;
          sum[1]! += px[i + 1]!;
          sum[2]! += px[i + 2]!;
        }
      }
      const n = bw * bh;
      const mean = sum.map((v) => to8(v / n));
      for (let y = by; y < by + bh; y++) {
        for (let x = bx; x < bx + bw; x++) {
          const i = (y * w + x) * 4;
          px[i] = mean[0]!;
          px[i + 1] = mean[1]!;
          px[i + 2] = mean[2]!;
        }
      }
    }
  }
}

export function shiftKernel(step: ShiftStep, px: Rgba, w: number, h: number): void {
  const src = new Uint8Array(px); // a copy (Buffer.slice would share the bytes)
  const offsets = [step.r, step.g, step.b].map((d) => shiftPx(d, w, h));
  for (let c = 0; c < 3; c++) {
    const [ox, oy] = offsets[c]!;
    for (let y = 0; y < h; y++) {
      const sy = Math.min(h - 1, Math.max(0, y - oy));
      for (let x = 0; x < w; x++) {
        const sx = Math.min(w - 1, Math.max(0, x - ox));
        px[(y * w + x) * 4 + c] = src[(sy * w + sx) * 4 + c]!;
      }
    }
  }
}

/** The normalized Gaussian weights for taps −r..r. */
export function gaussianWeights(sigma: number): Float32Array {
  const r = Math.ceil(3 * sigma);
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i]! /= sum;
  return k;
}

/** Mixes `blurred` (the Gaussian blur of px, as bytes) into px: the blur step's second half. */
export function blurMixKernel(step: BlurStep, px: Rgba, blurred: Rgba): void {
  const m = step.mix;
  for (let i = 0; i < px.length; i += 4) {
    px[i] = to8(m * blurred[i]! + (1 - m) * px[i]!);
    px[i + 1] = to8(m * blurred[i + 1]! + (1 - m) * px[i + 1]!);
    px[i + 2] = to8(m * blurred[i + 2]! + (1 - m) * px[i + 2]!);
  }
}

/** A separable Gaussian blur in JavaScript (the canvas fallback; the server uses sharp's). */
export function gaussianBlur(px: Rgba, w: number, h: number, sigma: number): Uint8ClampedArray {
  const k = gaussianWeights(sigma);
  const r = (k.length - 1) / 2;
  const tmp = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let a = 0;
      let b = 0;
      let c = 0;
      for (let t = -r; t <= r; t++) {
        const j = (y * w + Math.min(w - 1, Math.max(0, x + t))) * 4;
        const wt = k[t + r]!;
        a += wt * px[j]!;
        b += wt * px[j + 1]!;
        c += wt * px[j + 2]!;
      }
      const o = (y * w + x) * 3;
      tmp[o] = a;
      tmp[o + 1] = b;
      tmp[o + 2] = c;
    }
  }
  const out = new Uint8ClampedArray(px.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let a = 0;
      let b = 0;
      let c = 0;
      for (let t = -r; t <= r; t++) {
        const o = (Math.min(h - 1, Math.max(0, y + t)) * w + x) * 3;
        const wt = k[t + r]!;
        a += wt * tmp[o]!;
        b += wt * tmp[o + 1]!;
        c += wt * tmp[o + 2]!;
      }
      const i = (y * w + x) * 4;
      out[i] = to8(a);
      out[i + 1] = to8(b);
      out[i + 2] = to8(c);
      out[i + 3] = px[i + 3]!;
    }
  }
  return out;
}

/** Runs one step in place over RGBA bytes (every op; the canvas fallback's whole renderer). */
export function applyStepRgba(step: FilterStep, px: Rgba, w: number, h: number): void {
  switch (step.op) {
    case 'matrix':
      return matrixKernel(step, px);
    case 'levels':
      return levelsKernel(step, px);
    case 'vignette':
      return vignetteKernel(step, px, w, h);
    case 'grain':
      return grainKernel(step, px, w, h);
    case 'pixelate':
      return pixelateKernel(step, px, w, h);
    case 'shift':
      return shiftKernel(step, px, w, h);
    case 'blur':
      return blurMixKernel(step, px, gaussianBlur(px, w, h, blurSigmaPx(step.sigma, w, h)));
  }
}

/** Runs a whole filter in place over RGBA bytes. */
export function applyFilterRgba(filter: FilterId, px: Rgba, w: number, h: number): void {
  for (const step of FILTERS[filter].steps) applyStepRgba(step, px, w, h);
}
