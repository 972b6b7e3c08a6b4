// Tests the SFU bench's counting: sequence-number extension, SSRC-to-stream mapping from the SFU's
// SDP, per-stream loss over a window, the kernel drop counter's parser and the flags.
import { describe, expect, it } from 'vitest';
import { RtpCounter, extendSeq, ssrcStreams } from './rtp-counter.js';
import { parseSfuOptions } from './sfu-options.js';
import { splitLoss, streamStats } from './stream-stats.js';
import { parseUdpRcvbufErrors } from './udp-drops.js';
import type { StreamCount } from './participant-host.js';

function rtp(ssrc: number, seq: number, size = 100): Buffer {
  const b = Buffer.alloc(size);
  b[0] = 0x80;
  b.writeUInt16BE(seq, 2);
  b.writeUInt32BE(ssrc, 8);
  return b;
}

describe('RtpCounter', () => {
  it('extends sequence numbers over the 16-bit wrap and ignores late and duplicate packets', () => {
    expect(extendSeq(-1, 65_535)).toBe(65_535);
    expect(extendSeq(65_535, 0)).toBe(65_536);
    expect(extendSeq(65_536, 65_534)).toBe(65_536);
    expect(extendSeq(100, 100)).toBe(100);
    expect(extendSeq(100, 105)).toBe(105);
  });

  it('counts packets, bytes and the highest sequence per SSRC from the clear header', () => {
    const c = new RtpCounter();
    for (const seq of [65_534, 65_535, 1, 0]) c.packet(rtp(7, seq));
    c.packet(rtp(9, 10, 50));
    c.packet(Buffer.alloc(8));
    expect(c.bySsrc.get(7)).toEqual({ packets: 4, bytes: 400, highestSeq: 65_537 });
    expect(c.bySsrc.get(9)).toEqual({ packets: 1, bytes: 50, highestSeq: 10 });
    expect(c.bySsrc.size).toBe(2);
  });
});

describe('ssrcStreams', () => {
  it('maps each SSRC of an offer to its m-line kind and stream id', () => {
    const sdp = [
      'v=0',
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      'a=recvonly',
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      'a=msid:d1 t1',
      'a=ssrc:1111 cname:x',
      'm=video 9 UDP/TLS/RTP/SAVPF 96',
      'a=ssrc:2222 msid:d2 t2',
      'm=video 9 UDP/TLS/RTP/SAVPF 96',
      'a=msid:d2:screen t3',
      'a=ssrc:3333 cname:x',
      '',
    ].join('\r\n');
    expect([...ssrcStreams(sdp)]).toEqual([
      [1111, { streamId: 'd1', kind: 'audio' }],
      [2222, { streamId: 'd2', kind: 'video' }],
      [3333, { streamId: 'd2:screen', kind: 'video' }],
    ]);
  });
});

describe('streamStats', () => {
  const s = (sender: string, packets: number, highestSeq: number, ssrc = sender.charCodeAt(0)): StreamCount => ({
    receiver: 'r',
    sender,
    ssrc,
    kind: 'video',
    packets,
    bytes: packets * 10,
    highestSeq,
  });

  it('takes loss from sequence gaps per stream and leaves out streams that sent nothing', () => {
    const stats = streamStats(
      [s('a', 10, 10), s('b', 10, 10), s('c', 5, 5)],
      [s('a', 110, 110), s('b', 60, 110), s('c', 5, 5)],
    );
    expect(stats.streamsFlowing).toBe(2);
    expect([...stats.senders]).toEqual(['a', 'b']);
    expect(stats.packets).toBe(150);
    expect(stats.bytes).toBe(1500);
    expect(stats.lossPct).toBeCloseTo(50 / 200);
    expect(stats.worstLossPct).toBe(50);
    expect(stats.streamsOver1Pct).toBe(1);
  });

  it('keeps apart two SSRCs whose offer gave them the same sender name', () => {
    // Janus's own msid "janus" on two m-lines: each stream lost nothing.
    const stats = streamStats(
      [s('janus', 10, 50_000, 1), s('janus', 10, 1_000, 2)],
      [s('janus', 110, 50_100, 1), s('janus', 60, 1_050, 2)],
    );
    expect(stats).toMatchObject({ streamsFlowing: 2, packets: 150, lost: 0, lossPct: 0 });
  });

  it('counts a stream that began inside the window without inventing loss', () => {
    const stats = streamStats([], [s('a', 20, 5_000)]);
    expect(stats).toMatchObject({ streamsFlowing: 1, packets: 20, lossPct: 0, worstLossPct: 0 });
  });
});

describe('splitLoss', () => {
  it("takes the upstream gaps every receiver inherits out of the receivers' loss", () => {
    // N = 5: 1,000 published, 10 lost on the way in (40 gaps downstream), 4,000 expected, 100 lost.
    expect(splitLoss({ lost: 100, expected: 4_000 }, 10, 1_000, 5)).toEqual({
      upstreamLossPct: 1,
      downstreamLossPct: 1.5,
    });
    expect(splitLoss({ lost: 0, expected: 0 }, 0, 0, 5)).toEqual({ upstreamLossPct: null, downstreamLossPct: null });
  });

  it('never reports negative downstream loss when the reports lag the window', () => {
    expect(splitLoss({ lost: 10, expected: 4_000 }, 10, 1_000, 5).downstreamLossPct).toBe(0);
  });
});

describe('parseUdpRcvbufErrors', () => {
  it('reads RcvbufErrors from the Udp lines of /proc/net/snmp', () => {
    const snmp = 'Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors\nUdp: 5 0 3 9 3\nUdpLite: x\n';
    expect(parseUdpRcvbufErrors(snmp)).toBe(3);
    expect(parseUdpRcvbufErrors('nothing')).toBeUndefined();
  });
});

describe('parseSfuOptions', () => {
  it('defaults to werift, both audio profiles and N = 4, 10, 25, 32', () => {
    expect(parseSfuOptions([])).toMatchObject({
      sfus: ['werift'],
      sizes: [4, 10, 25, 32],
      profiles: ['worst', 'realistic'],
      speakers: 3,
      videoKbps: 400,
      fps: 30,
      receive: 'count',
      windowMs: 10_000,
      rmem: undefined,
    });
  });

  it('takes sizes as a bare argument or --sizes, and the media profile', () => {
    expect(parseSfuOptions(['4,10']).sizes).toEqual([4, 10]);
    const o = parseSfuOptions(['--sfu', 'werift,janus', '--sizes=25', '--video-kbps', '250', '--fps', '15']);
    expect(o).toMatchObject({ sfus: ['werift', 'janus'], sizes: [25], videoKbps: 250, fps: 15 });
    expect(parseSfuOptions(['--rmem', '8388608']).rmem).toBe(8_388_608);
  });

  it('refuses bad values with a clear error', () => {
    expect(() => parseSfuOptions(['--sfu', 'mediasoup'])).toThrow(/werift and\/or janus/);
    expect(() => parseSfuOptions(['--sizes', '1'])).toThrow(/at least 2/);
    expect(() => parseSfuOptions(['--fps', '0'])).toThrow(/positive integer/);
    expect(() => parseSfuOptions(['--profiles', 'best'])).toThrow(/worst and\/or realistic/);
    expect(() => parseSfuOptions(['--receive', 'all'])).toThrow(/count or decrypt/);
    expect(() => parseSfuOptions(['--rmem', '8M'])).toThrow(/--rmem must be a positive integer/);
  });
});
