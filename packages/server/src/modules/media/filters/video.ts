// Renders a filter (packages/protocol/src/filters.ts) as an ffmpeg -vf filter graph for video,
// with the same arithmetic as sharp and WebGL: colorchannelmixer for matrices, lutrgb for levels,
// gblur + blend for soft focus, rgbashift for the channel shift, geq for the per-pixel formulas
// (vignette, grain, pixelate) ffmpeg has no exact filter for. The graph works in RGB (gbrp/rgb24)
// and ends in RGB; the encoder converts to its own pixel format (e.g. -pix_fmt yuv420p).
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

/** The same expression for the three channels of geq (c is r, g or b). */
const geq = (perChannel: (c: 'r' | 'g' | 'b') => string): string =>
  `geq=r='${perChannel('r')}':g='${perChannel('g')}':b='${perChannel('b')}'`;

/** The grain hash of filters.ts in geq's doubles (exact: every value stays an integer < 2^32). */
function grainExpr(seed: number): string {
  const p = GRAIN_PRIME;
  const half = p >> 1;
  const k0 = `mod(X*${GRAIN_MUL[0]}+Y*${GRAIN_MUL[1]}+${seed * GRAIN_MUL[2]},${p})`;
  const perm = (v: string) => `if(lte(${v},${half}),mod(${v}*${v},${p}),${p}-mod(${v}*${v},${p}))`;
  // st(0) = k0; st(1) = permute(k0) + round2 mod p; st(2) = permute(st(1)); n = st(2) / p.
  return `st(0,${k0});st(1,mod(${perm('ld(0)')}+${GRAIN_ROUND2},${p}));st(2,${perm('ld(1)')});ld(2)/${p}`;
}

function stepGraph(step: FilterStep, w: number, h: number): string {
  switch (step.op) {
    case 'matrix': {
      const [rr, rg, rb, gr, gg, gb, br, bg, bb] = step.m.map(num);
      return `colorchannelmixer=rr=${rr}:rg=${rg}:rb=${rb}:gr=${gr}:gg=${gg}:gb=${gb}:br=${br}:bg=${bg}:bb=${bb}`;
    }
    case 'levels': {
      const c = (i: number) => `clip(val*${num(step.gain[i]!)}+${num(step.offset[i]! * 255 + 0.5)},0,255)`;
      return `lutrgb=r='${c(0)}':g='${c(1)}':b='${c(2)}'`;
    }
    case 'vignette': {
      const { strength, inner } = step;
      const d = `sqrt(pow((2*X+1)/W-1,2)+pow((2*Y+1)/H-1,2))/sqrt(2)`;
      const t = `clip((${d}-${num(inner)})/${num(1 - inner)},0,1)`;
      const f = `st(0,${t});1-${num(strength)}*ld(0)*ld(0)*(3-2*ld(0))`;
      return geq((c) => `st(1,${f});${to8(`${c}(X,Y)*ld(1)`)}`);
    }
    case 'grain': {
      const n = `255*${num(step.amount)}*(ld(2)/${GRAIN_PRIME}-0.5)`;
      const hash = grainExpr(step.seed).replace(/;ld\(2\)\/\d+$/, '');
      return geq((c) => `${hash};${to8(`${c}(X,Y)+${n}`)}`);
    }
    case 'pixelate': {
      const b = pixelBlock(step.size, w, h);
      const half = Math.floor(b / 2);
      const sx = `min(floor(X/${b})*${b}+${half},W-1)`;
      const sy = `min(floor(Y/${b})*${b}+${half},H-1)`;
      return geq((c) => `${c}(${sx},${sy})`);
    }
    case 'shift': {
      const [rh, rv] = shiftPx(step.r, w, h);
      const [gh, gv] = shiftPx(step.g, w, h);
      const [bh, bv] = shiftPx(step.b, w, h);
      return `rgbashift=rh=${rh}:rv=${rv}:gh=${gh}:gv=${gv}:bh=${bh}:bv=${bv}:edge=smear`;
    }
    case 'blur': {
      const sigma = blurSigmaPx(step.sigma, w, h);
      const m = num(step.mix);
      return (
        `split[fo][fb];[fb]gblur=sigma=${num(sigma)}:steps=6[fg];` +
        `[fg][fo]blend=all_expr='${to8(`A*${m}+B*(1-${m})`)}'`
      );
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
  return ['format=gbrp', ...steps.map((s) => stepGraph(s, size.width, size.height))].join(',');
}
