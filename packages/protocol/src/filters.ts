// The photo and video filters, defined once as data: each FilterId (the list is in media.ts) is a
// short pipeline of primitive steps whose exact pixel arithmetic is written down here, so the
// three renderers (WebGL in the browser, sharp for photos and ffmpeg for video on the server)
// implement the same maths and a filter looks the same wherever it is drawn.
//
// Conventions every renderer follows:
// - Values are sRGB-encoded 8-bit channels (no linearization), read as v / 255 in 0..1.
// - Each step's output is rounded to 8 bits (round half up) and clamped to 0..255 before the
//   next step, as the server materializes each step and WebGL renders each step into an RGBA8
//   texture. Alpha is never changed.
// - Pixel (x, y) has its centre at (x + 0.5, y + 0.5); W, H are the image size in pixels and
//   S = min(W, H) its short side. Sizes are relative to S (or W/H) so a filter looks the same on
//   a thumbnail, a photo and a video.
import { FILTER_IDS, type FilterId } from './media.js';

/** out = clamp(M · rgb), M row-major (rows: r, g, b). */
export interface MatrixStep {
  readonly op: 'matrix';
  readonly m: readonly [number, number, number, number, number, number, number, number, number];
}
/** out_c = clamp(gain_c · v_c + offset_c), offset in 0..1 units (255 = 1). */
export interface LevelsStep {
  readonly op: 'levels';
  readonly gain: readonly [number, number, number];
  readonly offset: readonly [number, number, number];
}
/**
 * Darkens towards the corners: v · (1 − strength · smoothstep(inner, 1, d)), where d is the
 * elliptical distance from the centre, 0 at the centre and 1 in the corners:
 * d = sqrt(dx² + dy²) / √2, dx = (2x + 1) / W − 1, dy = (2y + 1) / H − 1.
 */
export interface VignetteStep {
  readonly op: 'vignette';
  readonly strength: number;
  readonly inner: number;
}
/**
 * Monochrome film grain: v + 255 · amount · (n − 0.5) on every channel, n = grainNoise(x, y, seed)
 * in 0..1: a deterministic integer hash (below) that JavaScript, GLSL (uint) and ffmpeg's geq
 * (doubles) all compute exactly.
 */
export interface GrainStep {
  readonly op: 'grain';
  readonly amount: number;
  readonly seed: number;
}
/**
 * Blocks of b × b pixels, b = max(2, round(size · S)), anchored at the top left (the last row and
 * column of blocks may be smaller); each block takes the mean colour of its pixels.
 */
export interface PixelateStep {
  readonly op: 'pixelate';
  readonly size: number;
}
/**
 * Gaussian blur of sigma · S pixels (edges extended), mixed with the original:
 * out = mix · blur + (1 − mix) · v. mix = 1 is a plain blur; 0.5 a soft focus glow.
 */
export interface BlurStep {
  readonly op: 'blur';
  readonly sigma: number;
  readonly mix: number;
}
/**
 * Moves each channel by its own offset (fractions of W and H, rounded to whole pixels), edges
 * extended: out_c(x, y) = v_c(clamp(x − round(dx_c · W)), clamp(y − round(dy_c · H))).
 */
export interface ShiftStep {
  readonly op: 'shift';
  readonly r: readonly [number, number];
  readonly g: readonly [number, number];
  readonly b: readonly [number, number];
}

export type FilterStep = MatrixStep | LevelsStep | VignetteStep | GrainStep | PixelateStep | BlurStep | ShiftStep;
export type FilterOp = FilterStep['op'];

export interface FilterDefinition {
  readonly id: FilterId;
  /** Shown in the filter strip (English; the web app may translate by id). */
  readonly name: string;
  readonly steps: readonly FilterStep[];
}

/** Rec. 709 luma weights, applied to the sRGB values (the same everywhere). */
export const LUMA = [0.2126, 0.7152, 0.0722] as const;

const [lr, lg, lb] = LUMA;
const GREY: MatrixStep['m'] = [lr, lg, lb, lr, lg, lb, lr, lg, lb];

/** Saturation s about the luma axis (s = 0 grey, 1 unchanged). */
function saturation(s: number): MatrixStep {
  const t = 1 - s;
  return {
    op: 'matrix',
    m: [t * lr + s, t * lg, t * lb, t * lr, t * lg + s, t * lb, t * lr, t * lg, t * lb + s],
  };
}

/** Contrast c about mid grey, plus a per-channel gain (warmth) and lift. */
function levels(gain: [number, number, number], offset: [number, number, number]): LevelsStep {
  return { op: 'levels', gain, offset };
}
const contrast = (c: number): LevelsStep => levels([c, c, c], [0.5 - c / 2, 0.5 - c / 2, 0.5 - c / 2]);

/** Two colours by luminance: grey, then dark + (light − dark) · luma per channel. */
function duotone(dark: [number, number, number], light: [number, number, number]): FilterStep[] {
  const d = dark.map((v) => v / 255) as [number, number, number];
  const l = light.map((v) => v / 255) as [number, number, number];
  return [{ op: 'matrix', m: GREY }, levels([l[0] - d[0], l[1] - d[1], l[2] - d[2]], d)];
}

/** Every filter, in FILTER_IDS order (the order of the filter strip). */
export const FILTERS: { readonly [K in FilterId]: FilterDefinition & { readonly id: K } } = {
  none: { id: 'none', name: 'Original', steps: [] },
  mono: { id: 'mono', name: 'Mono', steps: [{ op: 'matrix', m: GREY }, contrast(1.1)] },
  sepia: {
    id: 'sepia',
    name: 'Sepia',
    steps: [{ op: 'matrix', m: [0.393, 0.769, 0.189, 0.349, 0.686, 0.168, 0.272, 0.534, 0.131] }],
  },
  vivid: { id: 'vivid', name: 'Vivid', steps: [saturation(1.6), contrast(1.15)] },
  warm: { id: 'warm', name: 'Warm', steps: [levels([1.1, 1.02, 0.85], [0.02, 0.01, 0])] },
  cool: { id: 'cool', name: 'Cool', steps: [levels([0.88, 1, 1.12], [0, 0.01, 0.03])] },
  fade: { id: 'fade', name: 'Fade', steps: [saturation(0.7), levels([0.78, 0.78, 0.8], [0.13, 0.12, 0.12])] },
  vignette: { id: 'vignette', name: 'Vignette', steps: [{ op: 'vignette', strength: 0.7, inner: 0.35 }] },
  grain: {
    id: 'grain',
    name: 'Grain',
    steps: [contrast(1.05), { op: 'grain', amount: 0.16, seed: 7 }],
  },
  duotone: { id: 'duotone', name: 'Duotone', steps: duotone([38, 20, 92], [255, 196, 84]) },
  pixelate: { id: 'pixelate', name: 'Pixelate', steps: [{ op: 'pixelate', size: 0.04 }] },
  glitch: {
    id: 'glitch',
    name: 'Glitch',
    steps: [
      saturation(1.3),
      { op: 'shift', r: [0.015, 0], g: [0, 0], b: [-0.015, 0.004] },
      { op: 'grain', amount: 0.06, seed: 13 },
    ],
  },
  soft_focus: {
    id: 'soft_focus',
    name: 'Soft focus',
    steps: [{ op: 'blur', sigma: 0.012, mix: 0.55 }, levels([1.03, 1.03, 1.03], [0.02, 0.02, 0.02])],
  },
};

/** The filters in strip order. */
export const FILTER_LIST: readonly FilterDefinition[] = FILTER_IDS.map((id) => FILTERS[id]);

/** The range each parameter must be in (checked by the tests; renderers rely on them). */
export const PARAM_RANGES = {
  matrixCoefficient: [-2, 2],
  levelsGain: [-2, 2],
  levelsOffset: [-1, 1],
  vignetteStrength: [0, 1],
  vignetteInner: [0, 1],
  grainAmount: [0, 0.5],
  grainSeed: [0, 999],
  pixelateSize: [0.005, 0.25],
  blurSigma: [0.001, 0.05],
  blurMix: [0, 1],
  shift: [-0.1, 0.1],
} as const;

// --- The grain hash: integers only, every intermediate below 2^32 for x, y < 16384. ---

/** A prime ≡ 3 (mod 4): squaring mod P, mirrored for the upper half, permutes 0..P−1. */
export const GRAIN_PRIME = 65519;
export const GRAIN_MUL = [7919, 104729, 31337] as const;
export const GRAIN_ROUND2 = 12345;

function permute(v: number): number {
  const r = (v * v) % GRAIN_PRIME;
  return v <= GRAIN_PRIME >> 1 ? r : GRAIN_PRIME - r;
}

/** The grain noise of pixel (x, y) in 0..1 (exclusive). */
export function grainNoise(x: number, y: number, seed: number): number {
  const k0 = (x * GRAIN_MUL[0] + y * GRAIN_MUL[1] + seed * GRAIN_MUL[2]) % GRAIN_PRIME;
  const k1 = permute(k0);
  const k2 = permute((k1 + GRAIN_ROUND2) % GRAIN_PRIME);
  return k2 / GRAIN_PRIME;
}

/** Pixelate block size in pixels for an image of this size. */
export const pixelBlock = (size: number, w: number, h: number): number =>
  Math.max(2, Math.round(size * Math.min(w, h)));
/** Blur sigma in pixels for an image of this size. */
export const blurSigmaPx = (sigma: number, w: number, h: number): number => Math.max(0.5, sigma * Math.min(w, h));
/** A channel shift in whole pixels. */
export const shiftPx = (d: readonly [number, number], w: number, h: number): [number, number] => [
  Math.round(d[0] * w),
  Math.round(d[1] * h),
];
