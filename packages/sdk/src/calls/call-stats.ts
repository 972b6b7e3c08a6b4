// Reduces an RTCStatsReport to the few numbers a call screen shows (RTT, jitter, loss, bitrates,
// and whether the media goes direct or through TURN). Bitrates need two reports: the tracker keeps
// the previous byte counts.
import type { CallStats } from './call-session.js';

interface StatLike {
  type: string;
  id: string;
  timestamp?: number;
  [k: string]: unknown;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export class CallStatsTracker {
  private last: { at: number; inBytes: number; outBytes: number } | null = null;

  read(report: Iterable<StatLike> | Map<string, StatLike>): CallStats {
    const stats = [...(report instanceof Map ? report.values() : report)];
    const byId = new Map(stats.map((s) => [s.id, s]));
    let inBytes = 0;
    let outBytes = 0;
    let received = 0;
    let lost = 0;
    let jitterSum = 0;
    let jitterN = 0;
    let rtt: number | null = null;
    let candidateType: string | null = null;
    for (const s of stats) {
      if (s.type === 'inbound-rtp') {
        inBytes += num(s.bytesReceived) ?? 0;
        received += num(s.packetsReceived) ?? 0;
        lost += Math.max(0, num(s.packetsLost) ?? 0);
        const j = num(s.jitter);
        if (j !== null) {
          jitterSum += j;
          jitterN++;
        }
      } else if (s.type === 'outbound-rtp') {
        outBytes += num(s.bytesSent) ?? 0;
      } else if (s.type === 'candidate-pair' && (s.nominated || s.selected) && s.state === 'succeeded') {
        const r = num(s.currentRoundTripTime);
        if (r !== null) rtt = r * 1000;
        const local = byId.get(String(s.localCandidateId));
        const remote = byId.get(String(s.remoteCandidateId));
        const types = [local?.candidateType, remote?.candidateType].map(String);
        candidateType = types.includes('relay') ? 'relay' : (types[0] ?? null);
      }
    }
    const now = Date.now();
    let inboundKbps = 0;
    let outboundKbps = 0;
    if (this.last && now > this.last.at) {
      const secs = (now - this.last.at) / 1000;
      inboundKbps = Math.max(0, ((inBytes - this.last.inBytes) * 8) / 1000 / secs);
      outboundKbps = Math.max(0, ((outBytes - this.last.outBytes) * 8) / 1000 / secs);
    }
    this.last = { at: now, inBytes, outBytes };
    return {
      rttMs: rtt,
      jitterMs: jitterN ? (jitterSum / jitterN) * 1000 : null,
      packetLossPct: received + lost > 0 ? (lost / (received + lost)) * 100 : null,
      inboundKbps,
      outboundKbps,
      candidateType,
    };
  }
}
