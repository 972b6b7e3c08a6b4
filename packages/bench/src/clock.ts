// One clock for the coordinator and every load worker thread. performance.now() counts from
// each thread's own start, so times taken in two workers cannot be compared; process.hrtime is
// the process's monotonic clock, the same in every thread. Sockets stamp arrivals with
// performance.now(); `toShared` turns such a stamp into the shared clock.

/** Milliseconds on the process-wide monotonic clock. */
export function sharedNow(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

// Both clocks are monotonic and tick together, so the offset between them is fixed per thread.
const OFFSET = sharedNow() - performance.now();

/** A performance.now() stamp of this thread on the shared clock. */
export function toShared(performanceNow: number): number {
  return performanceNow + OFFSET;
}
