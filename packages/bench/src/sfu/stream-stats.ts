// Per-stream delivery over a window, from two snapshots of receivers' counts: packets and bytes
// received, and loss from the receivers' RTP sequence numbers (highest minus received).
import type { StreamCount } from './participant-host.js';

export interface StreamStats {
  /** Streams that delivered at least one packet in the window. */
  streamsFlowing: number;
  /** The senders (stream ids) of those streams. */
  senders: Set<string>;
  packets: number;
  bytes: number;
  /** Packets missing by sequence numbers, and expected, over all streams. */
  lost: number;
  expected: number;
  /** Lost / expected over all streams, 0..1. */
  lossPct: number;
  /** The worst single stream's loss, percent. */
  worstLossPct: number;
  streamsOver1Pct: number;
}

/**
 * A stream is one SSRC at one receiver. Not (receiver, sender, kind): an SFU offer whose m-line
 * does not name its sender (Janus's own msid "janus", when the adapter could not map the mid) gives
 * several SSRCs the same name, and mixing their sequence numbers made up loss.
 */
const key = (s: StreamCount) => `${s.receiver}|${s.ssrc}`;

export function streamStats(before: StreamCount[], after: StreamCount[]): StreamStats {
  const start = new Map(before.map((s) => [key(s), s]));
  let streamsFlowing = 0;
  const senders = new Set<string>();
  let packets = 0;
  let bytes = 0;
  let expected = 0;
  let lost = 0;
  let worst = 0;
  let over1 = 0;
  for (const s of after) {
    const b = start.get(key(s));
    const got = s.packets - (b?.packets ?? 0);
    if (got <= 0) continue;
    streamsFlowing++;
    senders.add(s.sender);
    packets += got;
    bytes += s.bytes - (b?.bytes ?? 0);
    // A stream that started inside the window: its first packet is the baseline.
    const want = b ? s.highestSeq - b.highestSeq : got;
    const miss = Math.max(0, want - got);
    expected += Math.max(want, got);
    lost += miss;
    const pct = want > 0 ? (miss / want) * 100 : 0;
    worst = Math.max(worst, pct);
    if (pct > 1) over1++;
  }
  return {
    streamsFlowing,
    senders,
    packets,
    bytes,
    lost,
    expected,
    lossPct: expected > 0 ? lost / expected : 0,
    worstLossPct: worst,
    streamsOver1Pct: over1,
  };
}

/**
 * Splits receivers' loss into before and after the SFU. `upstreamLost` of `published` packets went
 * missing on the way in (the SFU's own sequence gaps, from its receiver reports); both SFUs keep a
 * publisher's gaps when they renumber, so each such packet is a gap at each of its N − 1
 * receivers too, and what is left of the receivers' gaps was lost after the SFU. Percentages.
 */
export function splitLoss(
  stats: Pick<StreamStats, 'lost' | 'expected'>,
  upstreamLost: number,
  published: number,
  n: number,
): { upstreamLossPct: number | null; downstreamLossPct: number | null } {
  const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 100 : null);
  return {
    upstreamLossPct: pct(upstreamLost, published),
    downstreamLossPct: pct(Math.max(0, stats.lost - upstreamLost * (n - 1)), stats.expected),
  };
}
