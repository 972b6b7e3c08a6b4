// Tests the latency histogram's percentiles and the open-loop timetable.
import { describe, expect, it } from 'vitest';
import { formatPercentiles } from './format.js';
import { LatencyHistogram } from './histogram.js';
import { fixedRateSchedule } from './scenarios/open-loop-schedule.js';

describe('LatencyHistogram', () => {
  it('reports percentiles of 1..100 ms within HdrHistogram precision', () => {
    const h = new LatencyHistogram();
    for (let ms = 1; ms <= 100; ms++) h.recordMs(ms);
    const s = h.summary();
    expect(s.count).toBe(100);
    expect(s.p50).toBeCloseTo(50, 1);
    expect(s.p90).toBeCloseTo(90, 1);
    expect(s.p99).toBeCloseTo(99, 1);
    expect(s.max).toBeCloseTo(100, 1);
    expect(formatPercentiles(s)).toBe('p50 50.0 / p90 90.0 / p99 99.0 / max 100 ms');
  });

  it('keeps sub-millisecond resolution and clamps negatives to zero', () => {
    const h = new LatencyHistogram();
    h.recordMs(0.25);
    h.recordMs(-3);
    expect(h.summary().max).toBeCloseTo(0.25, 3);
    expect(h.count).toBe(2);
  });
});

describe('fixedRateSchedule', () => {
  it('spaces sends evenly and counts those due', () => {
    const s = fixedRateSchedule(1_000, 500, 2_000);
    expect(s.total).toBe(1_000);
    expect(s.intervalMs).toBe(2);
    expect(s.dueAt(10)).toBe(1_020);
    expect(s.dueBy(999)).toBe(0);
    expect(s.dueBy(1_000)).toBe(1);
    expect(s.dueBy(1_003)).toBe(2);
    expect(s.dueBy(10_000)).toBe(1_000);
  });
});
