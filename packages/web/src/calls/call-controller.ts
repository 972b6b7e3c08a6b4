// The one call of this tab, as a small state machine the UI renders: idle, an incoming call
// ringing, an outgoing call ringing the others, a call in progress, or the outcome of a call that
// did not happen ("busy", "declined", "no answer"). It listens to client.calls (call.ring and
// call.state from the server), gets the microphone/camera, starts the CallSession and owns the
// outgoing-video effects chain. Ringing stops when call.state no longer names this user in
// `ringing` (answered on another device, declined, cancelled, timed out). A call the server ended
// as 'failed' (media never connected, or stayed failed) shows "Call failed" with "Call back" on
// both sides.
import type { Call, CallEndReason, CallMedia, User } from '@anytime/protocol';
import type { AnytimeClient, CallSession } from '@anytime/sdk';
import { strings } from '../strings.js';
import { NO_EFFECTS, OutgoingVideo, type Effects } from './outgoing-video.js';
import { playTone, type Ringtone } from './ringtone.js';

export type CallView =
  | { phase: 'idle' }
  | { phase: 'incoming'; call: Call }
  | { phase: 'outgoing'; call: Call; session: CallSession | null }
  | { phase: 'active'; call: Call; session: CallSession }
  | { phase: 'outcome'; call: Call; reason: CallEndReason }
  | { phase: 'error'; message: 'noMedia' | 'inAnotherCall' | 'failed' };

export interface LocalMediaState {
  muted: boolean;
  cameraOff: boolean;
  sharing: boolean;
  handRaised: boolean;
  effects: Effects;
}

const INITIAL_LOCAL: LocalMediaState = {
  muted: false,
  cameraOff: false,
  sharing: false,
  handRaised: false,
  effects: NO_EFFECTS,
};

export interface CallControllerOptions {
  /** Shown in system notifications ("Ann is calling you"). */
  callerName: (call: Call) => Promise<string>;
  /** Test builds: sessions use this ICE policy (the relay-only e2e test sets "relay"). */
  iceTransportPolicy?: RTCIceTransportPolicy;
}

type Listener = () => void;

export class CallController {
  private view: CallView = { phase: 'idle' };
  private local: LocalMediaState = INITIAL_LOCAL;
  private listeners = new Set<Listener>();
  private ring: Ringtone | null = null;
  private notification: Notification | null = null;
  private video: OutgoingVideo | null = null;
  private camera: MediaStreamTrack | null = null;
  private screen: MediaStream | null = null;
  private offs: (() => void)[] = [];
  private sessionOffs: (() => void)[] = [];
  private outcomeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: AnytimeClient,
    private readonly me: User,
    private readonly options: CallControllerOptions,
  ) {
    this.offs.push(
      client.calls.on('ring', (f) => this.onRing(f.call)),
      client.calls.on('state', (f) => this.onState(f.call)),
    );
  }

  snapshot = (): CallView => this.view;
  localState = (): LocalMediaState => this.local;
  subscribe = (fn: Listener): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** Outgoing call from the chat header. */
  async start(conversationId: string, media: CallMedia): Promise<void> {
    if (this.view.phase === 'outgoing' || this.view.phase === 'active') {
      this.set({ phase: 'error', message: 'inAnotherCall' });
      return;
    }
    const stream = await this.getMedia(media);
    if (!stream) return;
    let call: Call;
    try {
      call = await this.client.calls.invite(conversationId, media);
    } catch {
      stopStream(stream);
      this.set({ phase: 'error', message: 'failed' });
      return;
    }
    this.local = { ...INITIAL_LOCAL, cameraOff: media === 'audio' };
    if (call.status === 'ended') {
      stopStream(stream);
      this.set({ phase: 'outcome', call, reason: call.endReason ?? 'failed' });
      return;
    }
    const session = await this.startSession(call, stream);
    this.set({ phase: call.status === 'active' ? 'active' : 'outgoing', call, session } as CallView);
    this.tones();
  }

  async accept(withVideo: boolean): Promise<void> {
    if (this.view.phase !== 'incoming') return;
    const call = this.view.call;
    // Answering a call while in another one ends that one first.
    if (this.sessionOf()) await this.hangup();
    const stream = await this.getMedia(withVideo && call.media === 'video' ? 'video' : 'audio');
    if (!stream) return;
    let answered: Call;
    try {
      answered = await this.client.calls.accept(call.id);
    } catch {
      stopStream(stream);
      this.set({ phase: 'error', message: 'failed' });
      return;
    }
    this.local = { ...INITIAL_LOCAL, cameraOff: !(withVideo && call.media === 'video') };
    const session = await this.startSession(answered, stream);
    this.set({ phase: 'active', call: answered, session });
    this.tones();
  }

  async decline(): Promise<void> {
    if (this.view.phase !== 'incoming') return;
    const id = this.view.call.id;
    this.set({ phase: 'idle' });
    this.tones();
    await this.client.calls.decline(id).catch(() => undefined);
  }

  async hangup(): Promise<void> {
    const session = this.sessionOf();
    const call = this.view.phase === 'outgoing' || this.view.phase === 'active' ? this.view.call : null;
    this.teardown();
    this.set({ phase: 'idle' });
    this.tones();
    if (session) await session.hangup().catch(() => undefined);
    else if (call) await this.client.calls.hangup(call.id).catch(() => undefined);
  }

  dismiss(): void {
    clearTimeout(this.outcomeTimer);
    if (this.view.phase === 'outcome' || this.view.phase === 'error') this.set({ phase: 'idle' });
  }

  // ---- in-call controls ----

  setMuted(muted: boolean): void {
    this.sessionOf()?.setMuted(muted);
    this.patchLocal({ muted });
  }

  async setCameraOff(off: boolean): Promise<void> {
    const session = this.sessionOf();
    if (!session) return;
    if (!off && !this.camera) {
      // A voice call turning the camera on: get one now.
      const stream = await navigator.mediaDevices.getUserMedia({ video: true }).catch(() => null);
      const track = stream?.getVideoTracks()[0];
      if (!track) return this.set({ ...this.view, phase: 'error', message: 'noMedia' } as CallView);
      this.camera = track;
      session.localStream.addTrack(track);
      await this.video?.setCamera(track, this.local.effects);
    }
    session.setCameraOff(off);
    this.patchLocal({ cameraOff: off });
  }

  async switchMicrophone(deviceId: string): Promise<void> {
    const session = this.sessionOf();
    const stream = await navigator.mediaDevices
      .getUserMedia({ audio: { deviceId: { exact: deviceId } } })
      .catch(() => null);
    const track = stream?.getAudioTracks()[0];
    if (!session || !track) return;
    track.enabled = !this.local.muted;
    const old = session.localStream.getAudioTracks();
    await session.replaceAudioTrack(track);
    for (const t of old) {
      session.localStream.removeTrack(t);
      t.stop();
    }
    session.localStream.addTrack(track);
    this.emit();
  }

  async switchCamera(deviceId: string): Promise<void> {
    const session = this.sessionOf();
    const stream = await navigator.mediaDevices
      .getUserMedia({ video: { deviceId: { exact: deviceId } } })
      .catch(() => null);
    const track = stream?.getVideoTracks()[0];
    if (!session || !track) return;
    const old = this.camera;
    this.camera = track;
    await this.video?.setCamera(track, this.local.effects);
    if (old) {
      session.localStream.removeTrack(old);
      old.stop();
    }
    session.localStream.addTrack(track);
    this.emit();
  }

  async setEffects(effects: Effects): Promise<void> {
    this.patchLocal({ effects });
    await this.video?.apply(effects);
  }

  /** The track the call sends now (the self view shows it, effects included). */
  outgoingVideoTrack(): MediaStreamTrack | null {
    return this.video?.current ?? null;
  }

  async toggleScreenShare(): Promise<void> {
    const session = this.sessionOf();
    if (!session) return;
    if (this.screen) {
      const s = this.screen;
      this.screen = null;
      await session.stopScreenShare();
      stopStream(s);
      this.patchLocal({ sharing: false });
      return;
    }
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false }).catch(() => null);
    if (!stream) return;
    this.screen = stream;
    // The browser's own "Stop sharing" button ends the track.
    stream.getVideoTracks()[0]?.addEventListener('ended', () => {
      if (this.screen === stream) void this.toggleScreenShare();
    });
    await session.startScreenShare(stream);
    this.patchLocal({ sharing: true });
  }

  raiseHand(up: boolean): void {
    this.sessionOf()?.raiseHand(up);
    this.patchLocal({ handRaised: up });
  }

  close(): void {
    void this.hangup();
    this.offs.forEach((off) => off());
    this.offs = [];
  }

  // ---- internals ----

  private sessionOf(): CallSession | null {
    return this.view.phase === 'active' || this.view.phase === 'outgoing' ? this.view.session : null;
  }

  private onRing(call: Call): void {
    if (call.status === 'ended' || !call.ringing.includes(this.me.id)) return;
    if (this.view.phase === 'incoming' || this.sessionOf()?.call.id === call.id) return;
    if (this.view.phase === 'outgoing' || this.view.phase === 'active') {
      // Already in a call: a group call may still ring (the server answers busy for 1:1).
      if (call.topology === 'p2p') return;
    }
    this.set({ phase: 'incoming', call });
    this.tones();
    void this.notify(call);
  }

  private onState(call: Call): void {
    const v = this.view;
    if (v.phase === 'incoming' && v.call.id === call.id) {
      if (call.status === 'ended' || !call.ringing.includes(this.me.id)) {
        this.set({ phase: 'idle' });
        this.tones();
      } else this.set({ phase: 'incoming', call });
      return;
    }
    if ((v.phase === 'outgoing' || v.phase === 'active') && v.call.id === call.id) {
      if (call.status === 'ended') {
        const unanswered = v.phase === 'outgoing' && call.answeredAt === null;
        this.teardown();
        if (call.endReason === 'failed' || (unanswered && call.endReason && call.endReason !== 'cancelled')) {
          this.set({ phase: 'outcome', call, reason: call.endReason });
          this.outcomeTimer = setTimeout(() => this.dismiss(), 8000);
        } else this.set({ phase: 'idle' });
      } else if (call.status === 'active' && v.session) this.set({ phase: 'active', call, session: v.session });
      else this.set({ ...v, call });
      this.tones();
    }
  }

  private async getMedia(media: CallMedia): Promise<MediaStream | null> {
    const stream = await navigator.mediaDevices
      .getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true }, video: media === 'video' })
      .catch(() => null);
    if (!stream) this.set({ phase: 'error', message: 'noMedia' });
    return stream;
  }

  private async startSession(call: Call, stream: MediaStream): Promise<CallSession> {
    const session = await this.client.calls.startSession(call, {
      localStream: stream,
      ...(this.options.iceTransportPolicy ? { iceTransportPolicy: this.options.iceTransportPolicy } : {}),
    });
    this.camera = stream.getVideoTracks()[0] ?? null;
    this.video = new OutgoingVideo(session, this.camera);
    if (this.local.cameraOff) session.setCameraOff(true);
    this.sessionOffs.push(
      session.on('call', () => {
        const v = this.view;
        if ((v.phase === 'active' || v.phase === 'outgoing') && v.session === session)
          this.set({ ...v, call: session.call });
      }),
      session.on('ended', () => {
        const v = this.view;
        if ((v.phase === 'active' || v.phase === 'outgoing') && v.session === session) this.onState(session.call);
      }),
    );
    return session;
  }

  private teardown(): void {
    clearTimeout(this.outcomeTimer);
    this.sessionOffs.forEach((off) => off());
    this.sessionOffs = [];
    this.video?.stop();
    this.video = null;
    const session = this.sessionOf();
    if (session) stopStream(session.localStream);
    if (this.screen) stopStream(this.screen);
    this.screen = null;
    this.camera?.stop();
    this.camera = null;
    this.local = INITIAL_LOCAL;
  }

  /** The ringtone while an incoming call rings, the ringback while an outgoing one does. */
  private tones(): void {
    const want = this.view.phase === 'incoming' ? 'ring' : this.view.phase === 'outgoing' ? 'ringback' : null;
    const current = this.ringKind;
    if (want === current) return;
    this.ring?.stop();
    this.ring = want ? playTone(want) : null;
    this.ringKind = want;
    if (want !== 'ring') {
      this.notification?.close();
      this.notification = null;
    }
  }
  private ringKind: 'ring' | 'ringback' | null = null;

  private async notify(call: Call): Promise<void> {
    if (document.visibilityState !== 'hidden' || typeof Notification === 'undefined') return;
    if (Notification.permission !== 'granted') return;
    const name = await this.options.callerName(call);
    if (this.view.phase !== 'incoming' || this.view.call.id !== call.id) return;
    this.notification = new Notification(strings.calls.notification(name, call.media), {
      tag: `call-${call.id}`,
      requireInteraction: true,
    });
    this.notification.onclick = () => {
      window.focus();
      this.notification?.close();
    };
  }

  private patchLocal(patch: Partial<LocalMediaState>): void {
    this.local = { ...this.local, ...patch };
    this.emit();
  }

  private set(view: CallView): void {
    this.view = view;
    this.emit();
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }
}

function stopStream(stream: MediaStream): void {
  for (const t of stream.getTracks()) t.stop();
}
