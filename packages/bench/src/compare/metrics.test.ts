// Tests the per-CPU-second arithmetic and the Anytime/peer ratios.
import { describe, expect, it } from 'vitest';
import { betterRatio, connectionsPerGib, cpuSecondsOf, perCpuSecond, ratios, type TargetResults } from './metrics.js';

describe('per CPU-second', () => {
  it('divides work by CPU time, adding PostgreSQL to the server', () => {
    expect(cpuSecondsOf([80, 40], 10)).toBeCloseTo(12);
    expect(cpuSecondsOf([50, undefined], 10)).toBeCloseTo(5);
    expect(cpuSecondsOf([undefined], 10)).toBeUndefined();
    expect(perCpuSecond(12_000, 12)).toBe(1_000);
    expect(perCpuSecond(5, 0)).toBeUndefined();
  });

  it('counts idle connections per GiB of RSS growth', () => {
    expect(connectionsPerGib(1_000, 100 * 2 ** 20, 100 * 2 ** 20 + 2 ** 30 / 100)).toBeCloseTo(100_000);
    expect(connectionsPerGib(1_000, 100, 90)).toBeUndefined();
  });
});

describe('ratios', () => {
  it('says how many times better Anytime is, for throughput and for latency', () => {
    expect(betterRatio(3_000, 1_000, true)).toBe(3);
    expect(betterRatio(2, 8, false)).toBe(4);
    expect(betterRatio(0, 8, true)).toBeUndefined();
  });

  it('pairs every Anytime backend with every peer on shared metrics', () => {
    const m = (key: 'durable-per-cpu' | 'latency-500-p99', value: number, higherIsBetter: boolean) => ({
      key,
      label: key,
      value,
      unit: 'x',
      higherIsBetter,
      headline: true,
    });
    const all: TargetResults[] = [
      {
        key: 'anytime-sqlite',
        label: 'A',
        metrics: [m('durable-per-cpu', 6_000, true), m('latency-500-p99', 2, false)],
      },
      { key: 'ejabberd', label: 'E', metrics: [m('durable-per-cpu', 2_000, true), m('latency-500-p99', 5, false)] },
      { key: 'prosody', label: 'P', metrics: [m('durable-per-cpu', 1_000, true)] },
    ];
    const cells = ratios(all);
    const find = (peer: string, metric: string) => cells.find((c) => c.peer === peer && c.metric === metric)?.ratio;
    expect(find('ejabberd', 'durable-per-cpu')).toBe(3);
    expect(find('prosody', 'durable-per-cpu')).toBe(6);
    expect(find('ejabberd', 'latency-500-p99')).toBe(2.5);
    expect(find('prosody', 'latency-500-p99')).toBeUndefined();
    expect(cells).toHaveLength(4);
  });
});
