// Test support for the SFU: a synthetic participant in Node — werift's RTCPeerConnection driven by
// the SDK's SfuCallSession, publishing generated RTP (opus-sized audio every 20 ms, VP8-framed video
// at ~400 kbps) — and a signaling hub that stands in for the WebSocket between sessions and the SFU.
import type { Call, CallParticipant, CallSignal } from '@anytime/protocol';
import { SFU_DEVICE_ID } from '@anytime/protocol';
import { SfuCallSession, type CallSessionDeps } from '@anytime/sdk';
import { MediaStream, MediaStreamTrack, RTCPeerConnection, RtpHeader, RtpPacket, type RTCRtpTransceiver } from 'werift';
import type { SfuPort, SfuSend } from '../modules/calls/sfu-port.js';
import type { WsClient } from './harness.js';

type Listener<T> = (v: T) => void;

/** Delivers SFU signals to sessions and session signals to the SFU, like calls-core's frames. */
export class SignalingHub {
  private signalListeners = new Map<string, Set<Listener<CallSignal>>>();
  private stateListeners = new Set<Listener<Call>>();
  sfu: SfuPort | null = null;
  readonly updates: { deviceId: string; patch: Partial<CallParticipant> }[] = [];

  readonly send: SfuSend = (_callId, to, signal) => {
    for (const fn of this.signalListeners.get(to.deviceId) ?? []) fn(signal);
  };

  depsFor(
    who: { userId: string; deviceId: string },
    onUpdate: (patch: Partial<CallParticipant>) => void,
  ): CallSessionDeps {
    const { deviceId } = who;
    return {
      ...who,
      iceServers: [],
      sendSignal: (callId: string, _to: string, signal: CallSignal) => {
        void this.sfu?.signal(callId, deviceId, signal).catch(() => undefined);
      },
      update: (_callId, patch) => {
        this.updates.push({ deviceId, patch });
        onUpdate(patch);
      },
      hangup: async (callId) => {
        await this.sfu?.leave(callId, deviceId);
      },
      onSignal: (fn) => {
        let set = this.signalListeners.get(deviceId);
        if (!set) this.signalListeners.set(deviceId, (set = new Set()));
        const listener = (signal: CallSignal) => fn({ userId: SFU_DEVICE_ID, deviceId: SFU_DEVICE_ID }, signal);
        set.add(listener);
        return () => set.delete(listener);
      },
      onState: (fn) => {
        this.stateListeners.add(fn);
        return () => this.stateListeners.delete(fn);
      },
    };
  }

  broadcast(call: Call): void {
    for (const fn of this.stateListeners) fn(call);
  }
}

/** Generates RTP into a werift track until stopped. */
export class RtpGenerator {
  private timer: ReturnType<typeof setInterval>;
  private seq = Math.floor(Math.random() * 60_000);
  private ts = Math.floor(Math.random() * 1e9);
  private readonly ssrc = Math.floor(Math.random() * 2 ** 31);

  constructor(
    readonly track: MediaStreamTrack,
    {
      intervalMs,
      bytes,
      payloadType,
      tsStep,
    }: { intervalMs: number; bytes: number; payloadType: number; tsStep: number },
  ) {
    const payload = Buffer.alloc(bytes, 0xab);
    payload[0] = 0x10; // VP8 payload descriptor: start of partition (harmless for audio-sized payloads)
    this.timer = setInterval(() => {
      this.seq = (this.seq + 1) & 0xffff;
      this.ts = (this.ts + tsStep) >>> 0;
      const header = new RtpHeader({
        payloadType,
        sequenceNumber: this.seq,
        timestamp: this.ts,
        ssrc: this.ssrc,
        marker: true,
      });
      track.writeRtp(new RtpPacket(header, payload));
    }, intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export class TestParticipant {
  readonly session: SfuCallSession;
  readonly audio = new MediaStreamTrack({ kind: 'audio' });
  readonly video = new MediaStreamTrack({ kind: 'video' });
  private generators: RtpGenerator[];
  /** Bytes received per forwarded stream id. */
  readonly received = new Map<string, number>();
  private counted = new WeakSet<object>();
  /** The session's werift connections (one to the werift SFU; up and down with Janus). */
  readonly pcs: RTCPeerConnection[] = [];

  constructor(
    readonly who: { userId: string; deviceId: string },
    call: Call,
    deps: CallSessionDeps,
  ) {
    const localStream = new MediaStream([this.audio, this.video]);
    this.generators = [
      new RtpGenerator(this.audio, { intervalMs: 20, bytes: 80, payloadType: 111, tsStep: 960 }),
      new RtpGenerator(this.video, { intervalMs: 25, bytes: 1_200, payloadType: 96, tsStep: 2_250 }),
    ];
    const pcs = this.pcs;
    class RecordedPeerConnection extends RTCPeerConnection {
      constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
        super(...args);
        pcs.push(this);
      }
    }
    this.session = new SfuCallSession(call, deps, {
      localStream: localStream as unknown as globalThis.MediaStream,
      RTCPeerConnection: RecordedPeerConnection as unknown as typeof globalThis.RTCPeerConnection,
    });
    this.session.on('remotes', () => this.watchStreams());
  }

  bytesFrom(streamId: string): number {
    this.watchStreams();
    return this.received.get(streamId) ?? 0;
  }

  /** Each connection's ICE ufrags, this side's and the SFU's (`local|remote`). */
  iceUfrags(): string[] {
    const of = (sdp: string | undefined) => /a=ice-ufrag:(\S+)/.exec(sdp ?? '')?.[1] ?? '';
    return this.pcs.map((pc) => `${of(pc.localDescription?.sdp)}|${of(pc.remoteDescription?.sdp)}`);
  }

  private watchStreams(): void {
    for (const t of this.session.receivingTransceivers() as unknown as RTCRtpTransceiver[]) {
      const track = t.receiver.track;
      const streamId = t.receiver.remoteStreamId;
      if (!track || !streamId || this.counted.has(track)) continue;
      this.counted.add(track);
      const key = `${streamId}/${t.kind}`;
      track.onReceiveRtp.subscribe((rtp) => this.received.set(key, (this.received.get(key) ?? 0) + rtp.payload.length));
    }
  }

  stop(): void {
    for (const g of this.generators) g.stop();
  }
}

/**
 * A session's deps over a real WebSocket to the server (frames call.signal / call.update /
 * call.hangup). SFU signals already received are replayed: the SFU offers as soon as the device
 * joins, which may be before the session exists.
 */
export function wsDeps(ws: WsClient, who: { userId: string; deviceId: string }, callId: string): CallSessionDeps {
  type F = {
    type: string;
    callId?: string;
    call?: Call;
    fromUserId?: string;
    fromDeviceId?: string;
    signal?: CallSignal;
  };
  const on = (fn: (f: F) => void) => {
    for (const f of ws.frames as F[]) fn(f);
    const listener = (data: Buffer) => fn(JSON.parse(data.toString()) as F);
    ws.ws.on('message', listener);
    return () => void ws.ws.off('message', listener);
  };
  return {
    ...who,
    iceServers: [],
    sendSignal: (id, toDeviceId, signal) => ws.send({ type: 'call.signal', callId: id, toDeviceId, signal }),
    update: (id, patch) => ws.send({ type: 'call.update', callId: id, ...patch }),
    hangup: async (id) => ws.send({ type: 'call.hangup', callId: id }),
    onState: (fn) =>
      on((f) => {
        if (f.type === 'call.state' && f.call?.id === callId) fn(f.call);
      }),
    onSignal: (fn) =>
      on((f) => {
        if (f.type === 'call.signal' && f.callId === callId && f.signal && f.fromDeviceId)
          fn({ userId: f.fromUserId ?? '', deviceId: f.fromDeviceId }, f.signal);
      }),
  };
}

export async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The bytes `p` receives of `streamId/kind` grow by at least `min` within the timeout. */
export async function grows(p: TestParticipant, key: string, min = 5_000): Promise<void> {
  const from = p.bytesFrom(key);
  await until(`${p.who.deviceId} receiving ${key}`, () => p.bytesFrom(key) - from >= min);
}
