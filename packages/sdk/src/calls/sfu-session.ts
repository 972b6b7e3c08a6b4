// A group call's media on this device. With the werift SFU: one RTCPeerConnection to the server's
// SFU. The SFU offers (it knows who is in the room); this side answers, publishing audio, camera and
// screen on the first three m-lines and receiving every other participant on the rest, whose stream
// ids name the sending device (`deviceId`, and `deviceId:screen` for a screen share).
// With the Janus SFU (told by its first signal, `publish`, and by `pc` on every signal): two
// connections. `up` publishes (this side offers audio, camera, screen; Janus answers); `down`
// receives (Janus offers the others' streams, ids rewritten by the server to the same `deviceId` /
// `deviceId:screen`; this side answers). The rest (remotes, mute, camera, screen, stats, hangup)
// is the same for both. Works with the browser's RTCPeerConnection and with werift's in Node
// (pass it as options.RTCPeerConnection).
import type { Call, CallSignal, CallSignalPc } from '@anytime/protocol';
import { SFU_DEVICE_ID } from '@anytime/protocol';
import { Emitter } from '../realtime/emitter.js';
import type {
  CallSession,
  CallSessionDeps,
  CallSessionEvent,
  CallSessionFactory,
  CallStats,
  RemoteParticipantMedia,
  StartSessionOptions,
} from './call-session.js';
import { StatsReader } from './call-stats.js';
import { useSfuSession } from './calls-client.js';
import { MediaReporter } from './media-report.js';

/** A short pause before asking for an ICE restart after the connection failed. */
const ICE_RESTART_AFTER_FAILED_MS = 1_000;

export class SfuCallSession implements CallSession {
  private current: Call;
  readonly localStream: MediaStream;
  private readonly pc: RTCPeerConnection;
  private readonly events = new Emitter<Record<CallSessionEvent, undefined>>();
  private readonly streams = new Map<string, MediaStream>();
  private readonly unsubscribe: (() => void)[] = [];
  private upstream: RTCRtpTransceiver[] | null = null;
  private screenStream: MediaStream | null = null;
  private queue: Promise<void> = Promise.resolve();
  private readonly statsReader = new StatsReader();
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly pendingCandidates: RTCIceCandidateInit[] = [];
  private readonly makePc: () => RTCPeerConnection;
  /** Janus mode: the publishing connection (`this.pc` is then the receiving one, `down`). */
  private up: RTCPeerConnection | null = null;
  private janus = false;
  /** Tells the server how the media connection is (both connections in Janus mode). */
  private readonly media: MediaReporter;

  constructor(
    call: Call,
    private readonly deps: CallSessionDeps,
    options: StartSessionOptions,
  ) {
    this.current = call;
    this.localStream = options.localStream;
    this.media = new MediaReporter((mediaState) => {
      if (!this.closed) this.deps.update(this.current.id, { mediaState });
    });
    const PC = options.RTCPeerConnection ?? globalThis.RTCPeerConnection;
    this.makePc = () =>
      new PC({
        iceServers: deps.iceServers,
        iceTransportPolicy: options.iceTransportPolicy ?? 'all',
        bundlePolicy: 'max-bundle',
      });
    this.pc = this.makePc();
    this.pc.onicecandidate = (e) => this.sendCandidate(e.candidate, this.janus ? 'down' : undefined);
    this.pc.ontrack = (e) => {
      const stream = e.streams[0];
      if (!stream) return;
      // Browsers hand the same MediaStream to a stream's audio and video; werift a new one each time.
      const known = this.streams.get(stream.id);
      if (!known) this.streams.set(stream.id, stream);
      else if (known !== stream && !known.getTracks().includes(e.track)) known.addTrack(e.track);
      this.events.emit('remotes', undefined);
    };
    this.pc.onconnectionstatechange = () => this.onConnectionChange();
    this.unsubscribe.push(
      deps.onSignal((from, signal) => {
        if (from.deviceId === SFU_DEVICE_ID) this.onSignal(signal);
      }),
      deps.onState((next) => {
        if (next.id === this.current.id) this.onCall(next);
      }),
    );
    this.media.report('connecting');
  }

  get call(): Call {
    return this.current;
  }

  remotes(): RemoteParticipantMedia[] {
    const out: RemoteParticipantMedia[] = [];
    for (const p of this.current.participants) {
      if (p.deviceId === this.deps.deviceId) continue;
      const stream = this.streams.get(p.deviceId);
      if (!stream) continue;
      const screen = p.screenSharing ? (this.streams.get(`${p.deviceId}:screen`) ?? null) : null;
      out.push({ userId: p.userId, deviceId: p.deviceId, stream, screen });
    }
    return out;
  }

  /** Every forwarded stream by id, whatever the call state says (diagnostics and tests). */
  remoteStream(id: string): MediaStream | undefined {
    return this.streams.get(id);
  }

  on(event: CallSessionEvent, fn: () => void): () => void {
    return this.events.on(event, fn);
  }

  /** Janus mode: both connections must be up; the worse state wins. */
  connectionState(): RTCPeerConnectionState {
    if (!this.up) return this.pc.connectionState;
    const states = [this.up.connectionState, this.pc.connectionState];
    for (const s of ['closed', 'failed', 'disconnected', 'new', 'connecting'] as const) {
      if (states.includes(s)) return s === 'new' && states.includes('connected') ? 'connecting' : s;
    }
    return 'connected';
  }

  /** Which SFU this session talks to (known from the first SFU signal; werift until then). */
  get sfuKind(): 'werift' | 'janus' {
    return this.janus ? 'janus' : 'werift';
  }

  /** The transceivers that receive the others' media (diagnostics and tests). */
  receivingTransceivers(): RTCRtpTransceiver[] {
    return this.janus ? this.pc.getTransceivers() : this.pc.getTransceivers().slice(3);
  }

  setMuted(muted: boolean): void {
    for (const t of this.localStream.getAudioTracks()) t.enabled = !muted;
    this.deps.update(this.current.id, { muted });
  }

  setCameraOff(off: boolean): void {
    for (const t of this.localStream.getVideoTracks()) t.enabled = !off;
    this.deps.update(this.current.id, { cameraOff: off });
  }

  async replaceVideoTrack(track: MediaStreamTrack | null): Promise<void> {
    for (const old of this.localStream.getVideoTracks()) this.localStream.removeTrack(old);
    if (track) this.localStream.addTrack(track);
    await this.upstream?.[1]?.sender.replaceTrack(track);
  }

  async replaceAudioTrack(track: MediaStreamTrack): Promise<void> {
    for (const old of this.localStream.getAudioTracks()) this.localStream.removeTrack(old);
    this.localStream.addTrack(track);
    await this.upstream?.[0]?.sender.replaceTrack(track);
  }

  async startScreenShare(stream: MediaStream): Promise<void> {
    const track = stream.getVideoTracks()[0];
    if (!track) throw new Error('The screen stream has no video track.');
    this.screenStream = stream;
    track.addEventListener?.('ended', () => void this.stopScreenShare());
    await this.upstream?.[2]?.sender.replaceTrack(track);
    this.deps.update(this.current.id, { screenSharing: true });
  }

  async stopScreenShare(): Promise<void> {
    if (!this.screenStream) return;
    const stream = this.screenStream;
    this.screenStream = null;
    await this.upstream?.[2]?.sender.replaceTrack(null);
    for (const t of stream.getTracks()) t.stop();
    this.deps.update(this.current.id, { screenSharing: false });
  }

  raiseHand(up: boolean): void {
    this.deps.update(this.current.id, { handRaised: up });
  }

  /** Ask the SFU for an ICE restart: it sends an offer with new ICE credentials; this side answers. */
  async restartIce(): Promise<void> {
    await this.enqueue(async () => {
      if (this.up) {
        // Janus: this side offers the up connection anew with new credentials; Janus answers. For
        // the down connection Janus restarts on request (the offer sent only asks for it).
        if (this.up.signalingState === 'stable') {
          await this.up.setLocalDescription(await this.up.createOffer({ iceRestart: true }));
          if (this.up.localDescription) this.send({ kind: 'offer', pc: 'up', sdp: this.up.localDescription.sdp });
        }
        if (this.pc.signalingState === 'stable' && this.pc.remoteDescription) {
          const ask = await this.pc.createOffer({ iceRestart: true });
          if (ask.sdp) this.send({ kind: 'offer', pc: 'down', sdp: ask.sdp });
        }
        return;
      }
      if (this.pc.signalingState !== 'stable' || !this.upstream) return;
      // Not applied locally: the offer only asks the SFU (always the offerer) for an ICE-restart offer.
      const offer = await this.pc.createOffer({ iceRestart: true });
      if (offer.sdp) this.send({ kind: 'offer', sdp: offer.sdp });
    });
  }

  stats(): Promise<CallStats> {
    const up = this.up;
    if (!up) return this.statsReader.read(this.pc);
    // Janus: one report of both connections (sent bytes on up, received on down).
    const both = {
      getStats: async () => {
        const merged = new Map<string, unknown>();
        for (const pc of [up, this.pc]) (await pc.getStats()).forEach((v: unknown, k: string) => merged.set(k, v));
        return merged as unknown as RTCStatsReport;
      },
    };
    return this.statsReader.read(both);
  }

  async hangup(): Promise<void> {
    if (this.closed) return;
    await this.deps.hangup(this.current.id).catch(() => undefined);
    this.close();
  }

  private onCall(call: Call): void {
    this.current = call;
    this.events.emit('call', undefined);
    this.events.emit('remotes', undefined);
    const stillIn = call.participants.some((p) => p.deviceId === this.deps.deviceId);
    if (call.status === 'ended' || (call.status === 'active' && !stillIn && this.upstream)) this.close();
  }

  private onSignal(signal: CallSignal): void {
    // Only the Janus SFU sends `publish` or names the connection (`pc`).
    if (signal.kind === 'publish' || signal.pc) this.janus = true;
    if (this.janus) {
      void this.enqueue(() => this.onJanusSignal(signal));
      return;
    }
    void this.enqueue(async () => {
      if (signal.kind === 'publish') return;
      if (signal.kind === 'offer') {
        if (this.pc.signalingState === 'have-local-offer') {
          await this.pc.setLocalDescription({ type: 'rollback' });
        }
        await this.pc.setRemoteDescription({ type: 'offer', sdp: signal.sdp });
        for (const c of this.pendingCandidates.splice(0)) await this.pc.addIceCandidate(c).catch(() => undefined);
        await this.bindUpstream();
        const answer = await this.pc.createAnswer();
        await this.pc.setLocalDescription(answer);
        if (this.pc.localDescription) this.send({ kind: 'answer', sdp: this.pc.localDescription.sdp });
      } else if (signal.kind === 'answer') {
        if (this.pc.signalingState === 'have-local-offer') {
          await this.pc.setRemoteDescription({ type: 'answer', sdp: signal.sdp });
        }
      } else if (signal.candidate.candidate) {
        // The SFU may trickle candidates before its first offer arrives: keep them until then.
        if (!this.pc.remoteDescription) this.pendingCandidates.push(signal.candidate);
        else await this.pc.addIceCandidate(signal.candidate).catch(() => undefined);
      }
    });
  }

  /** Janus: `publish` opens the up connection; `down` offers are answered; candidates go to their connection. */
  private async onJanusSignal(signal: CallSignal): Promise<void> {
    if (signal.kind === 'publish') {
      await this.publish();
    } else if (signal.kind === 'offer') {
      // Janus's (re)offer of the down connection: everyone else's streams.
      await this.pc.setRemoteDescription({ type: 'offer', sdp: signal.sdp });
      for (const c of this.pendingCandidates.splice(0)) await this.pc.addIceCandidate(c).catch(() => undefined);
      await this.pc.setLocalDescription(await this.pc.createAnswer());
      if (this.pc.localDescription) this.send({ kind: 'answer', pc: 'down', sdp: this.pc.localDescription.sdp });
    } else if (signal.kind === 'answer') {
      if (this.up?.signalingState === 'have-local-offer') {
        await this.up.setRemoteDescription({ type: 'answer', sdp: signal.sdp });
      }
    } else if (signal.candidate.candidate) {
      const target = signal.pc === 'up' ? this.up : this.pc;
      if (target?.remoteDescription) await target.addIceCandidate(signal.candidate).catch(() => undefined);
      else if (signal.pc !== 'up') this.pendingCandidates.push(signal.candidate);
    }
  }

  /** Janus: the up connection offers audio, camera and screen (sendonly, in that order). */
  private async publish(): Promise<void> {
    if (this.up) return;
    const up = this.makePc();
    this.up = up;
    up.onicecandidate = (e) => this.sendCandidate(e.candidate, 'up');
    up.onconnectionstatechange = () => this.onConnectionChange();
    const tracks = [
      this.localStream.getAudioTracks()[0] ?? null,
      this.localStream.getVideoTracks()[0] ?? null,
      this.screenStream?.getVideoTracks()[0] ?? null,
    ];
    const kinds = ['audio', 'video', 'video'] as const;
    this.upstream = kinds.map((kind, i) => {
      const track = tracks[i];
      return track
        ? up.addTransceiver(track, { direction: 'sendonly', streams: [this.localStream] })
        : up.addTransceiver(kind, { direction: 'sendonly' });
    });
    await up.setLocalDescription(await up.createOffer());
    if (up.localDescription) this.send({ kind: 'offer', pc: 'up', sdp: up.localDescription.sdp });
  }

  private sendCandidate(candidate: RTCIceCandidate | null, pc: CallSignalPc | undefined): void {
    if (!candidate || !candidate.candidate) return;
    const c = candidate.toJSON();
    this.send({
      kind: 'candidate',
      candidate: { candidate: c.candidate ?? '', sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null },
      ...(pc ? { pc } : {}),
    });
  }

  /** On the first SFU offer: publish on its three recvonly m-lines (audio, camera, screen). */
  private async bindUpstream(): Promise<void> {
    if (this.upstream) return;
    const up = this.pc.getTransceivers().slice(0, 3);
    this.upstream = up;
    const tracks = [
      this.localStream.getAudioTracks()[0] ?? null,
      this.localStream.getVideoTracks()[0] ?? null,
      this.screenStream?.getVideoTracks()[0] ?? null,
    ];
    for (const [i, t] of up.entries()) {
      t.direction = 'sendonly';
      await t.sender.replaceTrack(tracks[i] ?? null);
    }
  }

  private onConnectionChange(): void {
    this.events.emit('connection', undefined);
    const state = this.connectionState();
    this.media.reportConnection(state);
    if (state === 'connected' && this.restartTimer) {
      clearTimeout(this.restartTimer);
      this.restartTimer = null;
    } else if (state === 'failed' && !this.restartTimer && !this.closed) {
      // Only a failed connection is restarted: 'disconnected' usually recovers by itself, and an
      // ICE restart against the werift SFU does not bring media back yet (docs/calls.md).
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        if (this.connectionState() !== 'connected') void this.restartIce();
      }, ICE_RESTART_AFTER_FAILED_MS);
    }
  }

  private send(signal: CallSignal): void {
    if (!this.closed) this.deps.sendSignal(this.current.id, SFU_DEVICE_ID, signal);
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(() => (this.closed ? undefined : step()));
    this.queue = next.catch((e: unknown) => {
      console.error('anytime: SFU negotiation step failed', e);
    });
    return this.queue;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    for (const off of this.unsubscribe) off();
    for (const t of this.screenStream?.getTracks() ?? []) t.stop();
    this.pc.close();
    this.up?.close();
    this.events.emit('ended', undefined);
  }
}

/** The factory CallsClient.startSession uses for topology "sfu". */
export const startSfuSession: CallSessionFactory = (call, deps, options) => new SfuCallSession(call, deps, options);

useSfuSession(startSfuSession);
