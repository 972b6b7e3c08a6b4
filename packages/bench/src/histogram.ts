// Latency histograms (HdrHistogram): values recorded in microseconds, summarised in
// milliseconds as the percentiles the report shows.
import { build, type Histogram } from 'hdr-histogram-js';

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export class LatencyHistogram {
  private readonly h: Histogram = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });

  /** Records one latency given in milliseconds (negative values count as 0). */
  recordMs(ms: number): void {
    this.h.recordValue(Math.max(0, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.h.totalCount;
  }

  /** The value at percentile `p` (e.g. 99.9), in milliseconds. */
  percentileMs(p: number): number {
    return this.h.getValueAtPercentile(p) / 1000;
  }

  summary(): LatencySummary {
    const at = (p: number) => this.h.getValueAtPercentile(p) / 1000;
    return { count: this.h.totalCount, p50: at(50), p90: at(90), p99: at(99), max: this.h.maxValue / 1000 };
  }
}
