// Counts received RTP per SSRC from the clear SRTP header (SSRC and sequence number are not
// encrypted), so a bench receiver can count packets and sequence gaps without decrypting them.
// Sequence numbers are extended over 16-bit wrap-around; duplicates and late packets (NACK
// retransmissions, reordering) count as received but do not move the highest sequence number.

export interface SsrcCount {
  packets: number;
  bytes: number;
  /** Highest extended sequence number seen (-1 before the first packet). */
  highestSeq: number;
}

export class RtpCounter {
  readonly bySsrc = new Map<number, SsrcCount>();

  /** One SRTP (or RTP) packet as it came off the wire. RTCP must not be passed here. */
  packet(data: Buffer): void {
    if (data.length < 12) return;
    const ssrc = data.readUInt32BE(8);
    const seq = data.readUInt16BE(2);
    let c = this.bySsrc.get(ssrc);
    if (!c) this.bySsrc.set(ssrc, (c = { packets: 0, bytes: 0, highestSeq: -1 }));
    c.packets++;
    c.bytes += data.length;
    c.highestSeq = extendSeq(c.highestSeq, seq);
  }
}

/** The new highest extended sequence number after seeing `seq` (16-bit) when the highest was `highest`. */
export function extendSeq(highest: number, seq: number): number {
  if (highest < 0) return seq;
  const delta = (seq - (highest & 0xffff) + 0x10000) & 0xffff;
  // Forward by less than half the space: newer. Otherwise a duplicate or a late packet.
  return delta > 0 && delta < 0x8000 ? highest + delta : highest;
}

/** A=... lines of an SDP by media section: which SSRC carries which stream id (msid) and kind. */
export function ssrcStreams(sdp: string): Map<number, { streamId: string; kind: 'audio' | 'video' }> {
  const out = new Map<number, { streamId: string; kind: 'audio' | 'video' }>();
  for (const section of sdp.split(/\r?\nm=/).slice(1)) {
    const kind = section.startsWith('audio') ? 'audio' : section.startsWith('video') ? 'video' : null;
    if (!kind) continue;
    const msid = /^a=msid:(\S+)/m.exec(section)?.[1];
    for (const m of section.matchAll(/^a=ssrc:(\d+) (?:msid:(\S+)|cname:)/gm)) {
      // The m-line's msid first: an SFU may rewrite it (Janus's adapter names the sending device there).
      const streamId = msid ?? m[2];
      if (streamId && streamId !== '-') out.set(Number(m[1]), { streamId, kind });
    }
  }
  return out;
}
