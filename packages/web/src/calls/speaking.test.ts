import { describe, expect, it } from 'vitest';
import { rmsLevel, SpeakingDetector } from './speaking.js';

describe('SpeakingDetector', () => {
  it('starts on a loud level, holds through short pauses, stops after the hold time', () => {
    const d = new SpeakingDetector({ onLevel: 0.1, offLevel: 0.05, holdMs: 500 });
    expect(d.push(0.01, 0)).toBe(false);
    expect(d.push(0.2, 100)).toBe(true);
    expect(d.push(0.01, 200)).toBe(true); // a pause between words
    expect(d.push(0.08, 400)).toBe(true); // between the two thresholds: still speaking, pause reset
    expect(d.push(0.01, 500)).toBe(true);
    expect(d.push(0.01, 900)).toBe(true);
    expect(d.push(0.01, 1000)).toBe(false);
    expect(d.push(0.08, 1100)).toBe(false); // not loud enough to start again
  });
});

describe('rmsLevel', () => {
  it('is 0 for silence and grows with amplitude', () => {
    expect(rmsLevel(new Uint8Array(64).fill(128))).toBe(0);
    const quiet = Uint8Array.from({ length: 64 }, (_, i) => (i % 2 ? 138 : 118));
    const loud = Uint8Array.from({ length: 64 }, (_, i) => (i % 2 ? 228 : 28));
    expect(rmsLevel(quiet)).toBeCloseTo(10 / 128, 5);
    expect(rmsLevel(loud)).toBeGreaterThan(rmsLevel(quiet));
    expect(rmsLevel(new Uint8Array(0))).toBe(0);
  });
});
