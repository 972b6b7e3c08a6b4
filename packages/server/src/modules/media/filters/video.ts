// Renders a filter (packages/protocol/src/filters.ts) as an ffmpeg -vf filter graph for video,
// with the same arithmetic as sharp and WebGL: colorchannelmixer for matrices, lutrgb for levels,
// pixelize for pixelate, gblur + blend for soft focus, rgbashift for the channel shift. The
// vignette and the grain depend on the position only: geq computes each once, as a still frame,
// and a fast blend mode (multiply, grainmerge) applies it to every frame. The graph works in RGB
// (gbrp) and ends in RGB; the encoder converts to its own pixel format (e.g. -pix_fmt yuv420p).
import {
  FILTERS,
  GRAIN_MUL,
  GRAIN_PRIME,
  GRAIN_ROUND2,
  blurSigmaPx,
  pixelBlock,
  shiftPx,
  type FilterId,
  type FilterStep,
} from '@anytime/protocol';

const num = (v: number): string => String(Math.round(v * 1e6) / 1e6);
/** geq wants the value rounded (half up) and clamped; it truncates when it stores. */
const to8 = (expr: string): string => `clip(${expr}+0.5,0,255)`;

/** The grain hash of filters.ts in geq's doubles (exact: every value stays an integer < 2^32). */
function grainExpr(seed: number): string {
  const p = GRAIN_PRIME;
  const half = p >> 1;
  const k0 = `mod(X*${GRAIN_MUL[0]}+Y*${GRAIN_MUL[1]}+${seed * GRAIN_MUL[2]},${p})`;
  const perm = (v: string) => `if(lte(${v},${half}),mod(${v}*${v},${p}),${p}-mod(${v}*${v},${p}))`;
  // st(0) = k0; st(1) = permute(k0) + round2 mod p; st(2) = permute(st(1)); n = st(2) / p.
  return `st(0,${k0});st(1,mod(${perm('ld(0)')}+${GRAIN_ROUND2},${p}));st(2,${perm('ld(1)')});ld(2)/${p}`;
}

/**
 * A still frame computed once with geq (slow per pixel, so never per video frame) and repeated for
 * the whole video: the vignette mask and the grain pattern depend on the position only.
 */
const still = (w: number, h: number, expr: string, label: string): string =>
  `color=c=black:s=${w}x${h}:r=25,trim=end_frame=1,format=gbrp,geq=r='${expr}':g='${expr}':b='${expr}',` +
  `loop=loop=-1:size=1[${label}]`;

/** Blends the current stream (A) with a still (B) by a built-in, fast blend mode. */
const withStill = (i: number, w: number, h: number, expr: string, mode: string): string =>
  `null[s${i}];${still(w, h, expr, `m${i}`)};[s${i}][m${i}]blend=all_mode=${mode}:shortest=1`;

function stepGraph(step: FilterStep, i: number, w: number, h: number): string {
  switch (step.op) {
    case 'matrix': {
      const [rr, rg, rb, gr, gg, gb, br, bg, bb] = step.m.map(num);
      return `colorchannelmixer=rr=${rr}:rg=${rg}:rb=${rb}:gr=${gr}:gg=${gg}:gb=${gb}:br=${br}:bg=${bg}:bb=${bb}`;
    }
    case 'levels': {
      const c = (k: number) => `clip(val*${num(step.gain[k]!)}+${num(step.offset[k]! * 255 + 0.5)},0,255)`;
      return `lutrgb=r='${c(0)}':g='${c(1)}':b='${c(2)}'`;
    }
    case 'vignette': {
      // multiply is A · B / 255: the mask holds the factor · 255.
      const d = `sqrt(pow((2*X+1)/W-1,2)+pow((2*Y+1)/H-1,2))/sqrt(2)`;
      const t = `clip((${d}-${num(step.inner)})/${num(1 - step.inner)},0,1)`;
      return withStill(
        i,
        w,
        h,
        `st(0,${t});${to8(`255*(1-${num(step.strength)}*ld(0)*ld(0)*(3-2*ld(0)))`)}`,
        'multiply',
      );
    }
    case 'grain': {
      // grainmerge is A + B − 128: the still holds 128 + the noise.
      const n = `128+255*${num(step.amount)}*(${grainExpr(step.seed)}-0.5)`;
      return withStill(i, w, h, to8(n), 'grainmerge');
    }
    case 'pixelate': {
      const b = pixelBlock(step.size, w, h);
      return `pixelize=w=${b}:h=${b}:m=avg`;
    }
    case 'shift': {
      const [rh, rv] = shiftPx(step.r, w, h);
      const [gh, gv] = shiftPx(step.g, w, h);
      const [bh, bv] = shiftPx(step.b, w, h);
      return `rgbashift=rh=${rh}:rv=${rv}:gh=${gh}:gv=${gv}:bh=${bh}:bv=${bv}:edge=smear`;
    }
    case 'blur': {
      // normal with opacity o is A · o + B · (1 − o): A the blur, B the original.
      const sigma = blurSigmaPx(step.sigma, w, h);
      return `split[o${i}][b${i}];[b${i}]gblur=sigma=${num(sigma)}:steps=6[g${i}];[g${i}][o${i}]blend=all_mode=normal:all_opacity=${num(step.mix)}`;
    }
  }
}

/**
 * The ffmpeg -vf graph of a filter for frames of this size (after any scaling the caller does
 * before it), or null for 'none'. The graph is one chain: append to it with a comma.
 */
export function videoFilterGraph(filter: FilterId, size: { width: number; height: number }): string | null {
  const steps = FILTERS[filter].steps;
  if (steps.length === 0) return null;
  return ['format=gbrp', ...steps.map((s, i) => stepGraph(s, i, size.width, size.height))].join(',');
}
