// Waveform peaks from decoded PCM (mono signed 16-bit little-endian): the peak of each 10 ms
// block is kept while decoding, then blocks are grouped into WAVEFORM_BUCKETS even buckets and
// scaled so the loudest is 255.
export const WAVEFORM_BUCKETS = 80;
/** The rate audio is decoded at for the waveform; 10 ms blocks. */
export const WAVEFORM_SAMPLE_RATE = 8_000;
const BLOCK = WAVEFORM_SAMPLE_RATE / 100;

export class PeakCollector {
  private readonly blocks: number[] = [];
  private blockPeak = 0;
  private inBlock = 0;
  private samples = 0;
  private carry: Buffer | null = null;

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.carry) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    const whole = buf.length - (buf.length % 2);
    if (whole < buf.length) this.carry = buf.subarray(whole);
    for (let i = 0; i < whole; i += 2) {
      const v = Math.abs(buf.readInt16LE(i));
      if (v > this.blockPeak) this.blockPeak = v;
      if (++this.inBlock === BLOCK) this.endBlock();
    }
    this.samples += whole / 2;
  }

  private endBlock(): void {
    this.blocks.push(this.blockPeak);
    this.blockPeak = 0;
    this.inBlock = 0;
  }

  /** How long the decoded audio is. */
  get durationMs(): number {
    return Math.round((this.samples / WAVEFORM_SAMPLE_RATE) * 1000);
  }

  /** At most `buckets` values 0..255 (fewer for clips shorter than that many 10 ms blocks). */
  peaks(buckets = WAVEFORM_BUCKETS): number[] {
    if (this.inBlock > 0) this.endBlock();
    const blocks = this.blocks;
    if (blocks.length === 0) return [];
    const n = Math.min(buckets, blocks.length);
    const raw: number[] = [];
    for (let b = 0; b < n; b++) {
      const from = Math.floor((b * blocks.length) / n);
      const to = Math.floor(((b + 1) * blocks.length) / n);
      let peak = 0;
      for (let i = from; i < to; i++) peak = Math.max(peak, blocks[i]!);
      raw.push(peak);
    }
    const max = Math.max(...raw);
    return raw.map((p) => (max === 0 ? 0 : Math.round((p / max) * 255)));
  }
}
