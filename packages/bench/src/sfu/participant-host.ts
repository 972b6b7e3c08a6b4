// Child process of the SFU capacity bench: hosts synthetic participants, each a werift
// RTCPeerConnection driven by the SDK's SfuCallSession. They publish real VP8 and Opus RTP that
// one ffmpeg encodes (the coordinator relays its packets here over UDP) and count what they receive.
import { createSocket } from 'node:dgram';
import type { Call, CallSignal } from '@anytime/protocol';
import { SfuCallSession } from '@anytime/sdk';
import { MediaStream, MediaStreamTrack, RTCPeerConnection } from 'werift';

export type HostIn =
  | { t: 'add'; call: Call; who: { userId: string; deviceId: string } }
  | { t: 'signal'; deviceId: string; signal: CallSignal }
  | { t: 'count'; deviceIds: string[] }
  | { t: 'close' };
export type HostOut =
  | { t: 'ports'; audio: number; video: number }
  | { t: 'signal'; deviceId: string; signal: CallSignal }
  | { t: 'count'; packets: number; bytes: number; connected: number; streams: number };

const send = (m: HostOut) => process.send?.(m);
const audioTracks: MediaStreamTrack[] = [];
const videoTracks: MediaStreamTrack[] = [];
const sessions = new Map<string, { session: SfuCallSession; signal: (s: CallSignal) => void }>();
const watched = new WeakSet<object>();
let packets = 0;
let bytes = 0;

function udp(tracks: MediaStreamTrack[]): Promise<number> {
  const sock = createSocket('udp4');
  // Each track gets the raw packet: werift parses it per write, so each sender rewrites its own copy.
  sock.on('message', (buf) => {
    for (const t of tracks) t.writeRtp(buf);
  });
  return new Promise((r) => sock.bind(0, '127.0.0.1', () => r(sock.address().port)));
}

function countStreams(session: SfuCallSession, deviceIds: string[]): number {
  let streams = 0;
  for (const id of deviceIds) {
    const stream = session.remoteStream(id);
    for (const track of (stream?.getTracks() ?? []) as unknown as MediaStreamTrack[]) {
      streams++;
      if (watched.has(track)) continue;
      watched.add(track);
      track.onReceiveRtp.subscribe((rtp) => {
        packets++;
        bytes += rtp.payload.length;
      });
    }
  }
  return streams;
}

process.on('message', (m: HostIn) => {
  if (m.t === 'add') {
    const audio = new MediaStreamTrack({ kind: 'audio' });
    const video = new MediaStreamTrack({ kind: 'video' });
    audioTracks.push(audio);
    videoTracks.push(video);
    let listener: ((from: { userId: string; deviceId: string }, s: CallSignal) => void) | null = null;
    const session = new SfuCallSession(
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
        RTCPeerConnection: RTCPeerConnection as unknown as typeof globalThis.RTCPeerConnection,
      },
    );
    sessions.set(m.who.deviceId, {
      session,
      signal: (s) => listener?.({ userId: 'sfu', deviceId: 'sfu' }, s),
    });
  } else if (m.t === 'signal') {
    sessions.get(m.deviceId)?.signal(m.signal);
  } else if (m.t === 'count') {
    let connected = 0;
    let streams = 0;
    for (const { session } of sessions.values()) {
      if (session.connectionState() === 'connected') connected++;
      streams += countStreams(session, m.deviceIds);
    }
    send({ t: 'count', packets, bytes, connected, streams });
  } else {
    process.exit(0);
  }
});

void Promise.all([udp(audioTracks), udp(videoTracks)]).then(([audio, video]) => send({ t: 'ports', audio, video }));
