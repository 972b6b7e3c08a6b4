// The numbers a comparison reports, per target and scenario, and the ratios between Anytime and
// each peer. Pure: no I/O, tested in metrics.test.ts.
import type { TargetKey } from './target.js';

export type MetricKey =
  | 'idle-per-gib'
  | 'logins-per-cpu'
  | 'durable-per-cpu'
  | 'durable-rate'
  | 'fanout-per-cpu'
  | 'fanout-rate'
  | `latency-${number}-per-cpu`
  | `latency-${number}-p50`
  | `latency-${number}-p99`
  | `latency-${number}-p999`;

export interface Metric {
  key: MetricKey;
  label: string;
  value: number;
  unit: string;
  higherIsBetter: boolean;
  /** Whether this metric is one of the headline, per-resource numbers (vs raw context). */
  headline: boolean;
}

export interface TargetResults {
  key: TargetKey;
  label: string;
  metrics: Metric[];
}

/** Value per server CPU-second; undefined when no CPU was measured. */
export function perCpuSecond(count: number, cpuSeconds: number | undefined): number | undefined {
  return cpuSeconds === undefined || cpuSeconds <= 0 ? undefined : count / cpuSeconds;
}

/** CPU-seconds from a percentage of one core over a window. */
export function cpuSecondsOf(percents: readonly (number | undefined)[], windowSeconds: number): number | undefined {
  if (percents[0] === undefined) return undefined;
  return (percents.reduce<number>((sum, p) => sum + (p ?? 0), 0) / 100) * windowSeconds;
}

/** Idle connections per GiB of RSS growth; undefined when RSS did not grow measurably. */
export function connectionsPerGib(connections: number, rssBefore: number, rssAfter: number): number | undefined {
  const grown = rssAfter - rssBefore;
  return grown > 0 ? connections / (grown / 1024 ** 3) : undefined;
}

/**
 * How many times better Anytime is than a peer on one metric: anytime/peer when higher is better,
 * peer/anytime when lower is better (latency), so above 1 always means Anytime is better.
 */
export function betterRatio(anytime: number, peer: number, higherIsBetter: boolean): number | undefined {
  if (!(anytime > 0) || !(peer > 0)) return undefined;
  return higherIsBetter ? anytime / peer : peer / anytime;
}

export interface RatioCell {
  anytime: TargetKey;
  peer: TargetKey;
  metric: MetricKey;
  ratio: number | undefined;
}

export function ratios(all: readonly TargetResults[]): RatioCell[] {
  const anytimes = all.filter((t) => t.key.startsWith('anytime'));
  const peers = all.filter((t) => !t.key.startsWith('anytime'));
  const cells: RatioCell[] = [];
  for (const a of anytimes) {
    for (const m of a.metrics) {
      for (const p of peers) {
        const pm = p.metrics.find((x) => x.key === m.key);
        cells.push({
          anytime: a.key,
          peer: p.key,
          metric: m.key,
          ratio: pm ? betterRatio(m.value, pm.value, m.higherIsBetter) : undefined,
        });
      }
    }
  }
  return cells;
}

export interface RatioAim {
  metric: MetricKey;
  peer: TargetKey;
  atLeast: number;
  label: string;
}

/** Issue 9's aims against the peers. */
export const PEER_AIMS: readonly RatioAim[] = [
  {
    metric: 'durable-per-cpu',
    peer: 'ejabberd',
    atLeast: 2,
    label: '>= 2x ejabberd (Mnesia archive) in durable 1:1 messages per server CPU-second',
  },
  {
    metric: 'durable-per-cpu',
    peer: 'ejabberd-sqlite',
    atLeast: 2,
    label: '>= 2x ejabberd (SQLite archive) in durable 1:1 messages per server CPU-second',
  },
  {
    metric: 'durable-per-cpu',
    peer: 'prosody',
    atLeast: 3,
    label: '>= 3x Prosody in durable 1:1 messages per server CPU-second',
  },
];
