// Latency histograms (HdrHistogram): values recorded in microseconds, summarised in
// milliseconds as the percentiles the report shows. Load workers send theirs to the
// coordinator encoded (HdrHistogram's compressed form), where they are added into one, so
// percentiles over all workers stay exact to the histogram's precision.
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** A histogram as it crosses threads: HdrHistogram's compressed form plus the exact maximum (the encoding keeps only its bucket). */
export interface EncodedHistogram {
  hdr: string;
  maxUs: number;
}

export class LatencyHistogram {
  private maxUs = 0;
  private readonly h: Histogram = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });

  /** Records one latency given in milliseconds (negative values count as 0). */
  recordMs(ms: number): void {
    const us = Math.max(0, Math.round(ms * 1000));
    this.h.recordValue(us);
    if (us > this.maxUs) this.maxUs = us;
  }

  /** The histogram in HdrHistogram's compressed base64 form, for sending to another thread. */
  encode(): EncodedHistogram {
    return { hdr: encodeIntoCompressedBase64(this.h), maxUs: this.maxUs };
  }

  /** Adds every value of an encoded histogram (from `encode`) into this one. */
  addEncoded(encoded: EncodedHistogram): void {
    const other = decodeFromCompressedBase64(encoded.hdr);
    this.h.add(other);
    other.destroy();
    if (encoded.maxUs > this.maxUs) this.maxUs = encoded.maxUs;
  }

  /** One histogram holding every value of the encoded ones. */
  static merged(encoded: readonly EncodedHistogram[]): LatencyHistogram {
    const h = new LatencyHistogram();
    for (const e of encoded) h.addEncoded(e);
    return h;
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
    return { count: this.h.totalCount, p50: at(50), p90: at(90), p99: at(99), max: this.maxUs / 1000 };
  }
}
