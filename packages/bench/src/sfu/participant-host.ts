// Child process of the SFU capacity bench: hosts synthetic participants, each a werift
// RTCPeerConnection driven by the SDK's call session. They publish real VP8 and Opus RTP that one
// ffmpeg encodes (the coordinator relays its packets here over UDP) and count what they receive
// per SSRC from the clear SRTP header. In "count" mode (the default) a receiver does nothing else
// with a packet: no SRTP decryption, no jitter buffer, no NACK; so the generator costs little more
// than the sending side and the SFU, not the participants, is what runs out first.
import { createSocket } from 'node:dgram';
import type { Call, CallSignal } from '@anytime/protocol';
import { SfuCallSession } from '@anytime/sdk';
import { MediaStream, MediaStreamTrack, RTCPeerConnection, type PeerConfig } from 'werift';
import { RtpCounter, ssrcStreams } from './rtp-counter.js';
import { tapSrtp, type ReceiveMode } from './srtp-tap.js';

export type HostIn =
  | {
      t: 'add';
      call: Call;
      who: { userId: string; deviceId: string };
      /** Sends full audio (a speaker); otherwise Opus DTX silence, one packet every 400 ms. */
      speaking: boolean;
    }
  | { t: 'signal'; deviceId: string; signal: CallSignal }
  | { t: 'count' }
  | { t: 'close' };

/** Received packets of one forwarded stream at one receiver. */
export interface StreamCount {
  receiver: string;
  /** The sending participant (the stream id the SFU names it by). */
  sender: string;
  /** The SSRC it arrives on: a stream's identity (two SSRCs can carry one sender's kind, see stream-stats.ts). */
  ssrc: number;
  kind: 'audio' | 'video';
  packets: number;
  bytes: number;
  highestSeq: number;
}

export type HostOut =
  | { t: 'ports'; audio: number; video: number }
  | { t: 'signal'; deviceId: string; signal: CallSignal }
  | { t: 'connected'; deviceId: string }
  | {
      t: 'count';
      connected: number;
      sent: number;
      /**
       * Packets the SFU says it lost of what these participants published: the cumulative
       * "packets lost" of the SFU's RTCP receiver reports (its own sequence gaps), summed over senders.
       */
      upstreamLost: number;
      /** RTP packets each participant's senders put on the wire (werift's own count), by device. */
      published: Record<string, number>;
      streams: StreamCount[];
    };

const MODE: ReceiveMode = process.env['SFU_BENCH_RECEIVE'] === 'decrypt' ? 'decrypt' : 'count';
/** Opus DTX: a silent speaker sends one comfort-noise packet every 400 ms (every 20th 20 ms frame). */
const DTX_EVERY = 20;

const send = (m: HostOut) => process.send?.(m);

interface Participant {
  deviceId: string;
  session: SfuCallSession;
  pcs: RTCPeerConnection[];
  counter: RtpCounter;
  signal: (s: CallSignal) => void;
  connected: boolean;
}
const participants = new Map<string, Participant>();
const speakingAudio: MediaStreamTrack[] = [];
const silentAudio: { track: MediaStreamTrack; seq: number }[] = [];
const videoTracks: MediaStreamTrack[] = [];
let sent = 0;
let dtxFrame = 0;

function udp(onPacket: (buf: Buffer) => void): Promise<number> {
  const sock = createSocket('udp4');
  sock.on('message', onPacket);
  return new Promise((r) => sock.bind(0, '127.0.0.1', () => r(sock.address().port)));
}

/**
 * Packets from the relay get this host's own contiguous sequence numbers, so a packet the relay
 * lost (this process's socket full) is no gap downstream: receivers' gaps are the SFU's losses.
 */
const relaySeq = { audio: Math.floor(Math.random() * 0x10000), video: Math.floor(Math.random() * 0x10000) };
function renumber(buf: Buffer, kind: 'audio' | 'video'): Buffer {
  buf.writeUInt16BE(relaySeq[kind], 2);
  relaySeq[kind] = (relaySeq[kind] + 1) & 0xffff;
  return buf;
}

function onAudio(buf: Buffer): void {
  renumber(buf, 'audio');
  // Each track gets the raw packet: werift parses it per write, so each sender rewrites its own copy.
  for (const t of speakingAudio) t.writeRtp(buf);
  sent += speakingAudio.length;
  if (++dtxFrame % DTX_EVERY !== 0) return;
  for (const s of silentAudio) {
    // Contiguous sequence numbers, as a real DTX sender has.
    const copy = Buffer.from(buf);
    copy.writeUInt16BE(s.seq, 2);
    s.seq = (s.seq + 1) & 0xffff;
    s.track.writeRtp(copy);
  }
  sent += silentAudio.length;
}

function onVideo(buf: Buffer): void {
  renumber(buf, 'video');
  for (const t of videoTracks) t.writeRtp(buf);
  sent += videoTracks.length;
}

function add(m: Extract<HostIn, { t: 'add' }>): void {
  const audio = new MediaStreamTrack({ kind: 'audio' });
  const video = new MediaStreamTrack({ kind: 'video' });
  if (m.speaking) speakingAudio.push(audio);
  else silentAudio.push({ track: audio, seq: Math.floor(Math.random() * 0x10000) });
  videoTracks.push(video);
  let listener: ((from: { userId: string; deviceId: string }, s: CallSignal) => void) | null = null;
  const p: Participant = {
    deviceId: m.who.deviceId,
    pcs: [],
    counter: new RtpCounter(),
    signal: (s) => listener?.({ userId: 'sfu', deviceId: 'sfu' }, s),
    connected: false,
    session: undefined as unknown as SfuCallSession,
  };
  // Every connection the session opens is tapped once its DTLS is up (and again after an ICE restart).
  class TappedPeerConnection extends RTCPeerConnection {
    constructor(config: Partial<PeerConfig>) {
      super(config);
      p.pcs.push(this);
      tapSrtp(this, MODE, (data) => p.counter.packet(data));
      this.connectionStateChange.subscribe((state) => {
        if (state !== 'connected') return;
        if (!p.connected) {
          p.connected = true;
          send({ t: 'connected', deviceId: p.deviceId });
        }
      });
    }
  }
  p.session = new SfuCallSession(
    m.call,
    {
      ...m.who,
      iceServers: [],
      sendSignal: (_id, _to, signal) => send({ t: 'signal', deviceId: m.who.deviceId, signal }),
      update: () => undefined,
      hangup: async () => undefined,
      onState: () => () => undefined,
      onSignal: (fn) => {
        listener = fn;
        return () => (listener = null);
      },
    },
    {
      localStream: new MediaStream([audio, video]) as unknown as globalThis.MediaStream,
      RTCPeerConnection: TappedPeerConnection as unknown as typeof globalThis.RTCPeerConnection,
    },
  );
  participants.set(m.who.deviceId, p);
}

/** werift's RTCRtpSender keeps these (private): the last receiver report's cumulative loss, packets sent. */
type SenderWithReports = { track?: unknown; remotePacketsLost?: number; packetCount?: number };

function count(): Extract<HostOut, { t: 'count' }> {
  let connected = 0;
  let upstreamLost = 0;
  const published: Record<string, number> = {};
  const streams: StreamCount[] = [];
  for (const p of participants.values()) {
    for (const pc of p.pcs) {
      for (const s of pc.getSenders() as unknown as SenderWithReports[]) {
        if (!s.track) continue;
        upstreamLost += s.remotePacketsLost ?? 0;
        published[p.deviceId] = (published[p.deviceId] ?? 0) + (s.packetCount ?? 0);
      }
    }
    // With Janus a device has two connections (publish, receive): connected when all are.
    if (p.pcs.length > 0 && p.pcs.every((pc) => pc.connectionState === 'connected')) connected++;
    const bySsrc = new Map<number, { streamId: string; kind: 'audio' | 'video' }>();
    for (const pc of p.pcs) {
      const sdp = pc.remoteDescription?.sdp;
      if (sdp) for (const [ssrc, s] of ssrcStreams(sdp)) bySsrc.set(ssrc, s);
    }
    for (const [ssrc, c] of p.counter.bySsrc) {
      const s = bySsrc.get(ssrc);
      // Screen-share m-lines and unknown SSRCs (none expected) are left out.
      if (!s || s.streamId.endsWith(':screen')) continue;
      streams.push({ receiver: p.deviceId, sender: s.streamId, kind: s.kind, ssrc, ...c });
    }
  }
  return { t: 'count', connected, sent, upstreamLost, published, streams };
}

process.on('message', (m: HostIn) => {
  if (m.t === 'add') add(m);
  else if (m.t === 'signal') participants.get(m.deviceId)?.signal(m.signal);
  else if (m.t === 'count') send(count());
  else process.exit(0);
});

void Promise.all([udp(onAudio), udp(onVideo)]).then(([audio, video]) => send({ t: 'ports', audio, video }));
