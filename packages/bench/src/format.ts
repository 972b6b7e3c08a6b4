// Number formatting shared by the console table, the docs section and scenario notes.
import type { LatencySummary } from './histogram.js';
import type { ResourceUsage } from './proc-stats.js';

/** 12345.6 -> "12,346"; small values keep a decimal or two ("3.4", "0.52"). */
export function formatValue(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatMs(ms: number): string {
  return `${formatValue(ms)} ms`;
}

export function formatBytes(bytes: number): string {
  return `${formatValue(bytes / (1024 * 1024))} MiB`;
}

/** "p50 1.20 / p90 3.40 / p99 5.60 / max 7.80 ms" */
export function formatPercentiles(s: LatencySummary): string {
  const v = (x: number) => formatValue(x);
  return `p50 ${v(s.p50)} / p90 ${v(s.p90)} / p99 ${v(s.p99)} / max ${v(s.max)} ms`;
}

/** "server CPU 97%, server peak RSS 120 MiB, bench CPU 80%, other processes 3%" (CPU in % of one core) */
export function formatUsage(u: ResourceUsage): string {
  const parts: string[] = [];
  if (u.cpuPercent !== undefined) parts.push(`server CPU ${Math.round(u.cpuPercent)}%`);
  if (u.peakRss !== undefined) parts.push(`server peak RSS ${formatBytes(u.peakRss)}`);
  parts.push(`bench CPU ${Math.round(u.benchCpuPercent)}%`);
  if (u.databaseCpuPercent !== undefined) parts.push(`PostgreSQL CPU ${Math.round(u.databaseCpuPercent)}%`);
  if (u.otherCpuPercent !== undefined) parts.push(`other processes ${Math.round(u.otherCpuPercent)}%`);
  return parts.join(', ');
}

export function formatCounts(counts: ReadonlyMap<string, number>): string {
  return [...counts].map(([k, n]) => `${k} x${n}`).join(', ');
}
