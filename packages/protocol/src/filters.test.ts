// The filter data: every FilterId is defined, in strip order, with parameters in the ranges the
// renderers rely on; the grain hash stays exact in 32-bit integers and spreads evenly.
import { describe, expect, it } from 'vitest';
import { applyFilterRgba } from './filter-kernels.js';
import { filterTestCard, meanAbsDiff } from './filter-test-image.js';
import { FILTER_LIST, FILTERS, GRAIN_MUL, GRAIN_PRIME, PARAM_RANGES, grainNoise, type FilterStep } from './filters.js';
import { FILTER_IDS } from './media.js';

const within = (v: number, [lo, hi]: readonly [number, number]) => {
  expect(Number.isFinite(v)).toBe(true);
  expect(v).toBeGreaterThanOrEqual(lo);
  expect(v).toBeLessThanOrEqual(hi);
};

function checkStep(step: FilterStep): void {
  const R = PARAM_RANGES;
  switch (step.op) {
    case 'matrix':
      expect(step.m).toHaveLength(9);
      return step.m.forEach((v) => within(v, R.matrixCoefficient));
    case 'levels':
      step.gain.forEach((v) => within(v, R.levelsGain));
      return step.offset.forEach((v) => within(v, R.levelsOffset));
    case 'vignette':
      within(step.strength, R.vignetteStrength);
      return within(step.inner, R.vignetteInner);
    case 'grain':
      within(step.amount, R.grainAmount);
      within(step.seed, R.grainSeed);
      return expect(Number.isInteger(step.seed)).toBe(true);
    case 'pixelate':
      return within(step.size, R.pixelateSize);
    case 'blur':
      within(step.sigma, R.blurSigma);
      return within(step.mix, R.blurMix);
    case 'shift':
      return [...step.r, ...step.g, ...step.b].forEach((v) => within(v, R.shift));
  }
}

describe('filter definitions', () => {
  it('defines every FilterId, under its own id, in FILTER_IDS order', () => {
    expect(Object.keys(FILTERS).sort()).toEqual([...FILTER_IDS].sort());
    expect(FILTER_LIST.map((f) => f.id)).toEqual([...FILTER_IDS]);
    for (const f of FILTER_LIST) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.steps.length).toBeLessThanOrEqual(4);
    }
    expect(new Set(FILTER_LIST.map((f) => f.name)).size).toBe(FILTER_LIST.length);
    expect(FILTERS.none.steps).toEqual([]);
    expect(FILTER_LIST.filter((f) => f.steps.length > 0).length).toBeGreaterThanOrEqual(12);
  });

  for (const f of FILTER_LIST) {
    it(`${f.id}: parameters in range`, () => f.steps.forEach(checkStep));
  }

  it('every filter but none changes the test card, and no two filters look alike', () => {
    const card = filterTestCard(96, 64);
    const out = FILTER_LIST.map((f) => {
      const px = card.slice();
      applyFilterRgba(f.id, px, 96, 64);
      return px;
    });
    for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        expect(
          Math.max(...meanAbsDiff(out[i]!, out[j]!)),
          `${FILTER_LIST[i]!.id} vs ${FILTER_LIST[j]!.id}`,
        ).toBeGreaterThan(2);
      }
    }
  });
});

describe('grain noise', () => {
  it('keeps every intermediate below 2^32 for pixels up to 16384 and seeds up to 999', () => {
    const worst = 16383 * GRAIN_MUL[0] + 16383 * GRAIN_MUL[1] + 999 * GRAIN_MUL[2];
    expect(worst).toBeLessThan(2 ** 32);
    expect((GRAIN_PRIME - 1) ** 2).toBeLessThan(2 ** 32);
    expect(GRAIN_PRIME % 4).toBe(3);
  });

  it('is deterministic, in 0..1, and evenly spread (mean ½, variance 1/12)', () => {
    let s = 0;
    let q = 0;
    const n = 256 * 256;
    for (let y = 0; y < 256; y++) {
      for (let x = 0; x < 256; x++) {
        const v = grainNoise(x, y, 7);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThan(1);
        s += v;
        q += v * v;
      }
    }
    expect(grainNoise(12, 34, 7)).toBe(grainNoise(12, 34, 7));
    expect(grainNoise(12, 34, 7)).not.toBe(grainNoise(12, 34, 8));
    expect(Math.abs(s / n - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(q / n - (s / n) ** 2 - 1 / 12)).toBeLessThan(0.005);
  });
});
