// Spot-checks server frames against their protocol schemas: the first few of each type are
// parsed with zod (the rest are trusted, to keep the load generator cheap), and any mismatch
// is kept for the report.
import { parseWith, ServerFrame } from '@anytime/protocol';

export class FrameChecker {
  private readonly checked = new Map<string, number>();
  readonly problems: string[] = [];

  constructor(private readonly perType = 20) {}

  /** Validates `frame` if fewer than `perType` frames of its type were checked so far. */
  check(frame: unknown): void {
    const type = typeof frame === 'object' && frame && 'type' in frame ? String(frame.type) : '(no type)';
    const n = this.checked.get(type) ?? 0;
    if (n >= this.perType) return;
    this.checked.set(type, n + 1);
    const r = parseWith(ServerFrame, frame);
    if (!r.ok && this.problems.length < 20) {
      this.problems.push(
        `${type} frame does not match the protocol: ${r.message} (${JSON.stringify(frame).slice(0, 300)})`,
      );
    }
  }
}
