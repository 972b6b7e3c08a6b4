// The fixed timetable of an open-loop run: send i is due at start + i / rate, whatever the
// server answers, so a slow answer delays no later send (no coordinated omission).
export interface Schedule {
  total: number;
  intervalMs: number;
  dueAt(i: number): number;
  /** How many sends are due by `now` (a count, so sends 0..n-1 are due). */
  dueBy(now: number): number;
}

export function fixedRateSchedule(startMs: number, ratePerSecond: number, durationMs: number): Schedule {
  const intervalMs = 1000 / ratePerSecond;
  const total = Math.floor((durationMs / 1000) * ratePerSecond);
  return {
    total,
    intervalMs,
    dueAt: (i) => startMs + i * intervalMs,
    dueBy: (now) => (now < startMs ? 0 : Math.min(total, Math.floor((now - startMs) / intervalMs) + 1)),
  };
}
