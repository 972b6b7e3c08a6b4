// Turns ffmpeg's `-progress` lines into a percent of a known duration, never going backwards,
// reported only when it moves by a whole percent.
import type { ProcessingStage } from './types.js';

export type ProgressFn = (stage: ProcessingStage, percent: number) => void;

export function percentTracker(
  stage: ProcessingStage,
  durationMs: number,
  report: ProgressFn | undefined,
): (key: string, value: string) => void {
  // The caller reports 0 when the stage starts.
  let last = 0;
  return (key, value) => {
    if (!report) return;
    let pct: number | null = null;
    // out_time_us (and, despite its name, out_time_ms) are microseconds.
    if ((key === 'out_time_us' || key === 'out_time_ms') && durationMs > 0) {
      const us = Number(value);
      if (Number.isFinite(us) && us >= 0) pct = Math.min(99, Math.floor((us / 1000 / durationMs) * 100));
    } else if (key === 'progress' && value === 'end') {
      pct = 100;
    }
    if (pct !== null && pct > last) {
      last = pct;
      report(stage, pct);
    }
  };
}
