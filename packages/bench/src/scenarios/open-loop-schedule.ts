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

/** How many of 0..count-1 are congruent to k modulo n. */
const congruent = (count: number, k: number, n: number) => (count > k ? Math.ceil((count - k) / n) : 0);

/**
 * Worker k's share of `schedule` among n load workers: sends k, k+n, k+2n... of the whole
 * timetable, at their original due times, so the n shares together are exactly the schedule.
 */
export function shareOf(schedule: Schedule, k: number, n: number): Schedule {
  return {
    total: congruent(schedule.total, k, n),
    intervalMs: schedule.intervalMs * n,
    dueAt: (j) => schedule.dueAt(k + j * n),
    dueBy: (now) => congruent(schedule.dueBy(now), k, n),
  };
}
