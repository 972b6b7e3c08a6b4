// Merges what the load workers counted into what one load generator would have counted:
// counts add up, histograms are added value by value (HdrHistogram), the delivery ledger's
// shards are combined by message id (mergeShards).
import type { DeliveryReport } from '../delivery-ledger.js';
import { LatencyHistogram } from '../histogram.js';
import type { LoginDone, WorkerReport } from './messages.js';
import { mergeShards } from './shard-ledger.js';

export interface MergedReport {
  delivery: DeliveryReport;
  ackedInWindow: number;
  deliveredInWindow: number;
  ackLatency: LatencyHistogram;
  deliverLatency: LatencyHistogram;
  errorCodes: Map<string, number>;
}

export function addCounts(
  into: Map<string, number>,
  entries: Iterable<readonly [string, number]>,
): Map<string, number> {
  for (const [k, n] of entries) into.set(k, (into.get(k) ?? 0) + n);
  return into;
}

export function mergeWorkerReports(reports: readonly WorkerReport[]): MergedReport {
  const errorCodes = new Map<string, number>();
  for (const r of reports) addCounts(errorCodes, r.errorCodes);
  return {
    delivery: mergeShards(reports.map((r) => r.shard)),
    ackedInWindow: reports.reduce((n, r) => n + r.ackedInWindow, 0),
    deliveredInWindow: reports.reduce((n, r) => n + r.deliveredInWindow, 0),
    ackLatency: LatencyHistogram.merged(reports.map((r) => r.ackLatency)),
    deliverLatency: LatencyHistogram.merged(reports.map((r) => r.deliverLatency)),
    errorCodes,
  };
}

export interface MergedLogins {
  inWindow: number;
  attempts: number;
  latency: LatencyHistogram;
  failures: Map<string, number>;
}

export function mergeLogins(done: readonly LoginDone[]): MergedLogins {
  const failures = new Map<string, number>();
  for (const d of done) addCounts(failures, d.failures);
  return {
    inWindow: done.reduce((n, d) => n + d.inWindow, 0),
    attempts: done.reduce((n, d) => n + d.attempts, 0),
    latency: LatencyHistogram.merged(done.map((d) => d.latency)),
    failures,
  };
}
