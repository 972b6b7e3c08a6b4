// Call quality from RTCPeerConnection.getStats(): the selected candidate pair's RTT and local
// candidate type, inbound-rtp jitter and loss, and bitrates from the byte counters between two
// reads. Shared by the P2P and SFU sessions.
import type { CallStats } from './call-session.js';

type Stat = Record<string, unknown> & { type: string; id: string };

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Keeps the previous byte counters so each read reports the bitrate since the last one. */
export class StatsReader {
  private last: { at: number; bytesIn: number; bytesOut: number } | null = null;

  async read(pc: { getStats(): Promise<RTCStatsReport> }): Promise<CallStats> {
    const report = await pc.getStats();
    const all: Stat[] = [];
    report.forEach((s: unknown) => all.push(s as Stat));
    const byId = new Map(all.map((s) => [s.id, s]));
    const transport = all.find((s) => s.type === 'transport' && typeof s['selectedCandidatePairId'] === 'string');
    const pair =
      (transport ? byId.get(transport['selectedCandidatePairId'] as string) : undefined) ??
      all.find((s) => s.type === 'candidate-pair' && s['state'] === 'succeeded' && s['nominated'] === true) ??
      all.find((s) => s.type === 'candidate-pair' && s['state'] === 'succeeded');
    const local = pair ? byId.get(pair['localCandidateId'] as string) : undefined;
    const rtt = num(pair?.['currentRoundTripTime']);

    let bytesIn = 0;
    let bytesOut = 0;
    let lost = 0;
    let received = 0;
    let jitter: number | null = null;
    for (const s of all) {
      if (s.type === 'inbound-rtp') {
        bytesIn += num(s['bytesReceived']) ?? 0;
        lost += Math.max(0, num(s['packetsLost']) ?? 0);
        received += num(s['packetsReceived']) ?? 0;
        const j = num(s['jitter']);
        if (j !== null) jitter = Math.max(jitter ?? 0, j);
      } else if (s.type === 'outbound-rtp') {
        bytesOut += num(s['bytesSent']) ?? 0;
      }
    }
    const now = Date.now();
    let inboundKbps = 0;
    let outboundKbps = 0;
    if (this.last && now > this.last.at) {
      const secs = (now - this.last.at) / 1000;
      inboundKbps = Math.max(0, ((bytesIn - this.last.bytesIn) * 8) / 1000 / secs);
      outboundKbps = Math.max(0, ((bytesOut - this.last.bytesOut) * 8) / 1000 / secs);
    }
    this.last = { at: now, bytesIn, bytesOut };
    return {
      rttMs: rtt === null ? null : Math.round(rtt * 1000),
      jitterMs: jitter === null ? null : Math.round(jitter * 1000 * 10) / 10,
      packetLossPct: received + lost > 0 ? Math.round((lost / (received + lost)) * 1000) / 10 : null,
      inboundKbps: Math.round(inboundKbps),
      outboundKbps: Math.round(outboundKbps),
      candidateType: typeof local?.['candidateType'] === 'string' ? (local['candidateType'] as string) : null,
    };
  }
}
