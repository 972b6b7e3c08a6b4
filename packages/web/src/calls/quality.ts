// When a call's connection counts as poor (the badge in the call and the quality panel): the
// thresholds people notice — speech gets choppy past a few per cent of loss, talk-over starts
// past ~400 ms of round trip, and jitter past ~50 ms outgrows the jitter buffer.
import type { CallStats } from '@anytime/sdk';

export const POOR = { lossPct: 5, rttMs: 400, jitterMs: 50 } as const;

export type QualityLevel = 'good' | 'poor' | 'unknown';

export function qualityLevel(s: CallStats | null): QualityLevel {
  if (!s) return 'unknown';
  if (s.rttMs === null && s.jitterMs === null && s.packetLossPct === null) return 'unknown';
  if ((s.packetLossPct ?? 0) >= POOR.lossPct) return 'poor';
  if ((s.rttMs ?? 0) >= POOR.rttMs) return 'poor';
  if ((s.jitterMs ?? 0) >= POOR.jitterMs) return 'poor';
  return 'good';
}
