// A 1:1 call's media, straight between the two devices (DTLS-SRTP end to end). Perfect
// negotiation (the callee is polite) lets either side renegotiate at any time (screen share,
// camera turned on later, ICE restart); candidates trickle through call.signal and wait while
// the remote description is not set; ICE restarts when the connection fails, stays
// disconnected for 3 s, or the browser comes back online. The media connection is reported to
// the server (call.update mediaState) so a call whose media never connects, or stays failed,
// ends as 'failed'. Runs in browsers and in Node with werift's RTCPeerConnection passed in.
import type { Call, CallSignal } from '@anytime/protocol';
import { Emitter } from '../realtime/emitter.js';
import type {
  CallSession,
  CallSessionDeps,
  CallSessionEvent,
  CallStats,
  RemoteParticipantMedia,
  StartSessionOptions,
} from './call-session.js';
import { StatsReader } from './call-stats.js';
import { MediaReporter } from './media-report.js';
import { resumeWeriftIceChecks } from '@anytime/protocol/werift-ice-restart';
import { IceRestartPolicy } from './ice-restart-policy.js';

type Peer = { userId: string; deviceId: string };

export class P2PCallSession implements CallSession {
  private readonly pc: RTCPeerConnection;
  private readonly events = new Emitter<Record<CallSessionEvent, undefined>>();
  private readonly polite: boolean;
  private current: Call;
  private peer: Peer | null = null;
  private makingOffer = false;
  /** A remote description is being applied: offers wait (werift asks to negotiate mid-way). */
  private applying = false;
  private wantsNegotiation = false;
  private iceRestartWanted = false;
  private ignoreOffer = false;
  /** Remote candidates that came before the remote description. */
  private readonly pendingCandidates: RTCIceCandidateInit[] = [];
  /** Signals are applied one at a time, in arrival order. */
  private chain: Promise<void> = Promise.resolve();
  private readonly remoteStreams = new Map<string, MediaStream>();
  private mainStreamId: string | null = null;
  private readonly senders: { audio: RTCRtpSender | null; video: RTCRtpSender | null } = { audio: null, video: null };
  private tracksAdded = false;
  private screen: { sender: RTCRtpSender; stream: MediaStream } | null = null;
  /** Restarts ICE when the connection fails, stays disconnected, or the network comes back. */
  private readonly restartPolicy: IceRestartPolicy;
  private readonly stops: (() => void)[] = [];
  private readonly statsReader = new StatsReader();
  private readonly MediaStreamClass: typeof MediaStream | undefined;
  private closed = false;
  /** Tells the server how the media connection is. */
  private readonly media: MediaReporter;

  constructor(
    call: Call,
    private readonly deps: CallSessionDeps,
    private readonly options: StartSessionOptions,
  ) {
    this.current = call;
    this.media = new MediaReporter((mediaState) => {
      if (!this.closed) this.deps.update(this.current.id, { mediaState });
    });
    const PC = options.RTCPeerConnection ?? globalThis.RTCPeerConnection;
    if (!PC) throw new Error('no RTCPeerConnection here: pass one (werift in Node)');
    this.MediaStreamClass = options.MediaStream ?? globalThis.MediaStream;
    this.pc = new PC({
      iceServers: deps.iceServers.map((s) => ({
        urls: s.urls,
        ...(s.username !== undefined ? { username: s.username } : {}),
        ...(s.credential !== undefined ? { credential: s.credential } : {}),
      })),
      iceTransportPolicy: options.iceTransportPolicy ?? 'all',
    });
    this.polite = call.callerDeviceId !== deps.deviceId;
    if (this.polite) this.peer = { userId: call.callerId, deviceId: call.callerDeviceId };

    this.pc.onnegotiationneeded = () => void this.negotiate();
    this.pc.onicecandidate = (e) => this.onLocalCandidate(e.candidate);
    this.pc.ontrack = (e) => this.onTrack(e);
    this.pc.onconnectionstatechange = () => this.onConnectionState();
    this.stops.push(deps.onState((c) => this.onCall(c)));
    this.stops.push(deps.onSignal((from, signal) => this.onSignal(from, signal)));
    this.restartPolicy = new IceRestartPolicy(
      () => void this.restartIce(),
      () => this.pc.connectionState,
    );
    this.stops.push(() => this.restartPolicy.close());
    // The caller sends at once (the offer waits for the callee's device); the callee adds its
    // tracks when the first offer comes, so they ride on the offer's transceivers.
    if (!this.polite) this.addLocalTracks();
    this.onCall(call);
    if (!this.closed) this.media.report('connecting');
  }

  get call(): Call {
    return this.current;
  }

  get localStream(): MediaStream {
    return this.options.localStream;
  }

  on(event: CallSessionEvent, fn: () => void): () => void {
    return this.events.on(event, fn);
  }

  connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }

  remotes(): RemoteParticipantMedia[] {
    const peer = this.peer;
    const main = this.mainStreamId ? this.remoteStreams.get(this.mainStreamId) : undefined;
    if (!peer || !main) return [];
    const flags = this.current.participants.find((p) => p.deviceId === peer.deviceId);
    const other = [...this.remoteStreams.entries()].find(([id]) => id !== this.mainStreamId)?.[1] ?? null;
    return [
      { userId: peer.userId, deviceId: peer.deviceId, stream: main, screen: flags?.screenSharing ? other : null },
    ];
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
    await this.replace('video', track);
  }

  async replaceAudioTrack(track: MediaStreamTrack): Promise<void> {
    await this.replace('audio', track);
  }

  /** Swaps the sent track without renegotiating when there is a sender; adds one otherwise. */
  private async replace(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    const stream = this.localStream;
    for (const old of kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks()) {
      if (old !== track) stream.removeTrack(old);
    }
    if (track && !stream.getTracks().includes(track)) stream.addTrack(track);
    const sender = this.senders[kind];
    if (sender) await sender.replaceTrack(track);
    else if (track && this.tracksAdded) this.senders[kind] = this.pc.addTrack(track, stream);
  }

  async startScreenShare(stream: MediaStream): Promise<void> {
    const track = stream.getVideoTracks()[0];
    if (!track) throw new Error('the screen stream has no video track');
    if (this.screen) await this.stopScreenShare();
    this.screen = { sender: this.pc.addTrack(track, stream), stream };
    track.addEventListener?.('ended', () => void this.stopScreenShare());
    this.deps.update(this.current.id, { screenSharing: true });
  }

  async stopScreenShare(): Promise<void> {
    const s = this.screen;
    if (!s) return;
    this.screen = null;
    if (!this.closed) this.pc.removeTrack(s.sender);
    for (const t of s.stream.getTracks()) t.stop();
    this.deps.update(this.current.id, { screenSharing: false });
  }

  raiseHand(up: boolean): void {
    this.deps.update(this.current.id, { handRaised: up });
  }

  async restartIce(): Promise<void> {
    if (this.closed) return;
    this.pc.restartIce();
    await this.negotiate(true);
  }

  stats(): Promise<CallStats> {
    return this.statsReader.read(this.pc);
  }

  async hangup(): Promise<void> {
    if (this.closed) return;
    this.close();
    await this.deps.hangup(this.current.id);
  }

  // ---- internals ----

  private addLocalTracks(): void {
    if (this.tracksAdded) return;
    this.tracksAdded = true;
    const stream = this.localStream;
    for (const t of stream.getTracks()) {
      const kind = t.kind === 'audio' ? 'audio' : 'video';
      if (!this.senders[kind]) this.senders[kind] = this.pc.addTrack(t, stream);
    }
  }

  private onCall(call: Call): void {
    this.current = call;
    if (!this.peer && !this.polite) {
      const other = call.participants.find((p) => p.deviceId !== this.deps.deviceId);
      if (other) {
        this.peer = { userId: other.userId, deviceId: other.deviceId };
        void this.negotiate();
      }
    }
    this.events.emit('call', undefined);
    if (call.status === 'ended') this.close();
  }

  /**
   * Sends an offer now, or remembers that one is wanted (with an ICE restart, if asked) when the
   * connection is in the middle of another exchange: werift, unlike browsers, asks to negotiate
   * whatever the signaling state, so a track added while an offer was out would otherwise never
   * reach the other side. The wish is taken up when an exchange ends (end of apply()).
   */
  private async negotiate(iceRestart = false): Promise<void> {
    if (iceRestart) this.iceRestartWanted = true;
    if (!this.peer || this.closed) return;
    if (this.applying || this.makingOffer || this.pc.signalingState !== 'stable') {
      this.wantsNegotiation = true;
      return;
    }
    const restart = this.iceRestartWanted;
    this.wantsNegotiation = false;
    this.iceRestartWanted = false;
    try {
      this.makingOffer = true;
      // Explicit offers (not the implicit setLocalDescription()): werift may reuse a stale one.
      const offer = await this.pc.createOffer(restart ? { iceRestart: true } : {});
      if (this.closed) return;
      if (this.pc.signalingState !== 'stable') {
        // An offer from the other side came in meanwhile: this one goes out after that exchange.
        this.wantsNegotiation = true;
        if (restart) this.iceRestartWanted = true;
        return;
      }
      await this.pc.setLocalDescription(offer);
      const sdp = this.pc.localDescription?.sdp;
      if (sdp) this.send({ kind: 'offer', sdp });
    } catch (e) {
      if (!this.closed) console.warn('anytime: call negotiation failed', e);
    } finally {
      this.makingOffer = false;
    }
  }

  private send(signal: CallSignal): void {
    if (this.peer && !this.closed) this.deps.sendSignal(this.current.id, this.peer.deviceId, signal);
  }

  private onLocalCandidate(c: RTCIceCandidate | null | undefined): void {
    if (!c || !c.candidate) return;
    this.send({
      kind: 'candidate',
      candidate: {
        candidate: c.candidate,
        sdpMid: c.sdpMid ?? null,
        sdpMLineIndex: c.sdpMLineIndex ?? null,
        usernameFragment: c.usernameFragment ?? null,
      },
    });
  }

  private onSignal(from: Peer, signal: CallSignal): void {
    if (this.peer && from.deviceId !== this.peer.deviceId) return;
    if (!this.peer) this.peer = from;
    this.chain = this.chain
      .then(() => this.apply(signal))
      .catch((e: unknown) => {
        if (!this.closed) console.warn('anytime: call signal failed', e);
      });
  }

  private async apply(signal: CallSignal): Promise<void> {
    if (this.closed || signal.kind === 'publish') return; // 'publish' comes only from the Janus SFU
    if (signal.kind === 'candidate') {
      const init: RTCIceCandidateInit = {
        candidate: signal.candidate.candidate,
        sdpMid: signal.candidate.sdpMid ?? null,
        sdpMLineIndex: signal.candidate.sdpMLineIndex ?? null,
        ...(signal.candidate.usernameFragment ? { usernameFragment: signal.candidate.usernameFragment } : {}),
      };
      // Before the remote description, or for an ICE generation whose offer has not come yet.
      const ufrag = /a=ice-ufrag:(\S+)/.exec(this.pc.remoteDescription?.sdp ?? '')?.[1];
      if (!this.pc.remoteDescription || (init.usernameFragment && ufrag && init.usernameFragment !== ufrag)) {
        if (this.pendingCandidates.length < 200) this.pendingCandidates.push(init);
        return;
      }
      try {
        await this.pc.addIceCandidate(init);
      } catch (e) {
        if (!this.ignoreOffer) throw e;
      }
      return;
    }
    const collision = signal.kind === 'offer' && (this.makingOffer || this.pc.signalingState !== 'stable');
    this.ignoreOffer = !this.polite && collision;
    if (this.ignoreOffer) return;
    this.applying = true;
    try {
      if (collision) {
        // The polite side drops its own offer for the other's, and makes it again afterwards.
        await this.pc.setLocalDescription({ type: 'rollback' });
        this.wantsNegotiation = true;
      }
      await this.pc.setRemoteDescription({ type: signal.kind, sdp: signal.sdp });
      if (signal.kind === 'answer') resumeWeriftIceChecks(this.pc);
      const ufrag = /a=ice-ufrag:(\S+)/.exec(signal.sdp)?.[1];
      for (const c of this.pendingCandidates.splice(0)) {
        if (c.usernameFragment && ufrag && c.usernameFragment !== ufrag) continue; // an older generation
        await this.pc.addIceCandidate(c).catch(() => undefined);
      }
      if (signal.kind === 'offer') {
        this.addLocalTracks();
        await this.pc.setLocalDescription(await this.pc.createAnswer());
        resumeWeriftIceChecks(this.pc);
        const sdp = this.pc.localDescription?.sdp;
        if (sdp) this.send({ kind: 'answer', sdp });
      }
    } finally {
      this.applying = false;
    }
    if (this.wantsNegotiation) {
      this.wantsNegotiation = false;
      void this.negotiate();
    }
  }

  private onTrack(e: RTCTrackEvent): void {
    const given = e.streams[0];
    const id = given?.id ?? `track:${e.track.id}`;
    let stream = this.remoteStreams.get(id);
    if (!stream) {
      stream = given ?? (this.MediaStreamClass ? new this.MediaStreamClass([e.track]) : undefined);
      if (!stream) return;
      this.remoteStreams.set(id, stream);
    }
    if (!stream.getTracks().includes(e.track)) stream.addTrack(e.track);
    this.mainStreamId ??= id;
    this.events.emit('remotes', undefined);
  }

  private onConnectionState(): void {
    const state = this.pc.connectionState;
    this.media.reportConnection(state);
    this.restartPolicy.onConnectionState(state);
    this.events.emit('connection', undefined);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.stops.splice(0)) s();
    // The camera and microphone go off with the call (and a screen share with them).
    for (const t of this.localStream.getTracks()) t.stop();
    if (this.screen) for (const t of this.screen.stream.getTracks()) t.stop();
    this.screen = null;
    void Promise.resolve(this.pc.close()).catch(() => undefined);
    this.events.emit('ended', undefined);
  }
}
