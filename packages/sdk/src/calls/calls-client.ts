// `client.calls`: voice and video calls. Signaling frames over the client's socket (invite,
// accept, decline, hangup, update, signal) with replies matched by clientId, the ring / state /
// signal events, the HTTP routes (ICE servers, call log), and startSession, which builds the
// media session for a call: P2PCallSession for 1:1 calls, the SFU session (registered by
// sfu-session.ts through `useSfuSession`) for group calls.
import type {
  Call,
  CallMedia,
  CallMediaState,
  CallRingFrame,
  CallSignal,
  CallSignalServerFrame,
  CallStateFrame,
  ClientFrame,
  ErrorFrame,
  IceServersResponse,
} from '@anytime/protocol';
import { ApiError, NetworkError } from '../http/api-error.js';
import { Emitter, type Listener } from '../realtime/emitter.js';
import type { CallRoute } from '../state/load-state.js';
import type { CallSession, CallSessionDeps, CallSessionFactory, StartSessionOptions } from './call-session.js';
import { P2PCallSession } from './p2p-session.js';

export interface CallsClientEvents {
  /** An incoming call (again when a device connects while it still rings). */
  ring: CallRingFrame;
  /** A call this user is in, was rung for or placed changed. */
  state: CallStateFrame;
  /** A WebRTC message for this device. */
  signal: CallSignalServerFrame;
}

/** The client's socket as the calls client sees it. */
export interface CallsTransport {
  send(frame: ClientFrame): boolean;
  onRing(fn: (f: CallRingFrame) => void): () => void;
  onState(fn: (f: CallStateFrame) => void): () => void;
  onSignal(fn: (f: CallSignalServerFrame) => void): () => void;
  onError(fn: (f: ErrorFrame) => void): () => void;
  /** This device: user and device ids (null before sign-in). */
  me(): { userId: string; deviceId: string } | null;
}

type Flags = {
  muted?: boolean;
  cameraOff?: boolean;
  screenSharing?: boolean;
  handRaised?: boolean;
  mediaState?: CallMediaState;
};

/** How long a frame waits for its reply before it fails (ms). */
const REPLY_TIMEOUT_MS = 15_000;
/** Calls whose newest state is kept. */
const LATEST_MAX = 50;
/** Signals held for a call without a session: how many, and for how long (ms). */
const UNCLAIMED_MAX = 200;
const UNCLAIMED_MS = 30_000;

let sfuFactory: CallSessionFactory | null = null;

/** Registers the group-call session class (sfu-session.ts does, when imported). */
export function useSfuSession(factory: CallSessionFactory): void {
  sfuFactory = factory;
}

let seq = 0;
const newClientId = () =>
  `call-${Date.now().toString(36)}-${(seq++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export class CallsClient {
  private readonly emitter = new Emitter<CallsClientEvents>();
  private readonly waiting = new Map<string, { resolve: (c: Call) => void; reject: (e: Error) => void }>();
  /** The newest state of each call seen (a session started late begins from it). */
  private readonly latest = new Map<string, Call>();
  /** Signals for calls no session listens to yet (a peer may offer before startSession is done). */
  private readonly unclaimed = new Map<string, { at: number; frames: CallSignalServerFrame[] }>();
  private readonly sessionSignals = new Map<string, (f: CallSignalServerFrame) => void>();
  private ice: { at: number; value: IceServersResponse } | null = null;

  constructor(
    private readonly transport: CallsTransport,
    private readonly call: CallRoute,
  ) {
    transport.onRing((f) => {
      this.remember(f.call);
      this.emitter.emit('ring', f);
    });
    transport.onState((f) => {
      this.remember(f.call);
      if (f.clientId !== undefined) this.settle(f.clientId, null, f.call);
      this.emitter.emit('state', f);
    });
    transport.onSignal((f) => {
      const session = this.sessionSignals.get(f.callId);
      if (session) session(f);
      else this.hold(f);
      this.emitter.emit('signal', f);
    });
    transport.onError((f) => {
      if (f.clientId !== undefined) this.settle(f.clientId, new ApiError(f.error.code, f.error.message), null);
    });
  }

  on<K extends keyof CallsClientEvents>(type: K, fn: Listener<CallsClientEvents[K]>): () => void {
    return this.emitter.on(type, fn);
  }

  /** STUN and TURN servers (TURN credentials expire after ttlSeconds; kept for half of it). */
  async iceServers(): Promise<IceServersResponse> {
    const now = Date.now();
    if (this.ice && now - this.ice.at < (this.ice.value.ttlSeconds * 1000) / 2) return this.ice.value;
    const value = await this.call('iceServers', {});
    this.ice = { at: now, value };
    return value;
  }

  /** The newest state of a call this client has seen (null: none). */
  latestState(callId: string): Call | null {
    return this.latest.get(callId) ?? null;
  }

  private remember(call: Call): void {
    this.latest.delete(call.id);
    this.latest.set(call.id, call);
    // Bounded: the oldest calls go first.
    while (this.latest.size > LATEST_MAX) this.latest.delete(this.latest.keys().next().value!);
  }

  private hold(f: CallSignalServerFrame): void {
    const now = Date.now();
    for (const [id, h] of this.unclaimed) if (now - h.at > UNCLAIMED_MS) this.unclaimed.delete(id);
    let held = this.unclaimed.get(f.callId);
    if (!held) this.unclaimed.set(f.callId, (held = { at: now, frames: [] }));
    if (held.frames.length < UNCLAIMED_MAX) held.frames.push(f);
  }

  /** The call log, newest first. */
  async list(opts: { beforeId?: string; limit?: number } = {}): Promise<Call[]> {
    return (await this.call('listCalls', { query: opts })).calls;
  }

  async get(id: string): Promise<Call> {
    return (await this.call('getCall', { params: { id } })).call;
  }

  /** Starts a call in a conversation; resolves with the call (ringing, or ended at once if busy). */
  invite(conversationId: string, media: CallMedia): Promise<Call> {
    const clientId = newClientId();
    return this.request(clientId, { type: 'call.invite', clientId, conversationId, media });
  }

  /** Answers (1:1) or joins (group) from this device. */
  accept(callId: string): Promise<Call> {
    const clientId = newClientId();
    return this.request(clientId, { type: 'call.accept', callId, clientId });
  }

  decline(callId: string): Promise<Call> {
    const clientId = newClientId();
    return this.request(clientId, { type: 'call.decline', callId, clientId });
  }

  hangup(callId: string): Promise<Call> {
    const clientId = newClientId();
    return this.request(clientId, { type: 'call.hangup', callId, clientId });
  }

  /** What this device shows the others (fire and forget: the call.state that follows says it). */
  update(callId: string, patch: Flags): void {
    this.transport.send({ type: 'call.update', callId, ...patch });
  }

  signal(callId: string, toDeviceId: string, signal: CallSignal): void {
    this.transport.send({ type: 'call.signal', callId, toDeviceId, signal });
  }

  /**
   * The media session of a call this device is in (after invite or accept): P2P for 1:1 calls,
   * the SFU session for group calls. ICE servers are fetched here.
   */
  async startSession(call: Call, options: StartSessionOptions): Promise<CallSession> {
    const me = this.transport.me();
    if (!me) throw new ApiError('unauthorized', 'not signed in');
    const { iceServers } = await this.iceServers();
    const deps: CallSessionDeps = {
      ...me,
      iceServers,
      sendSignal: (callId, to, signal) => this.signal(callId, to, signal),
      update: (callId, patch) => this.update(callId, patch),
      hangup: async (callId) => {
        await this.hangup(callId).catch((e: unknown) => {
          // Already over (ended by the other side meanwhile): nothing to undo.
          if (!(e instanceof ApiError && (e.code === 'call_ended' || e.code === 'call_not_found'))) throw e;
        });
      },
      onState: (fn) => this.on('state', (f) => f.call.id === call.id && fn(f.call)),
      onSignal: (fn) => {
        const deliver = (f: CallSignalServerFrame) => fn({ userId: f.fromUserId, deviceId: f.fromDeviceId }, f.signal);
        this.sessionSignals.set(call.id, deliver);
        const held = this.unclaimed.get(call.id);
        this.unclaimed.delete(call.id);
        for (const f of held?.frames ?? []) deliver(f);
        return () => {
          if (this.sessionSignals.get(call.id) === deliver) this.sessionSignals.delete(call.id);
        };
      },
    };
    // States that came while the ICE servers were fetched: the session starts from the newest.
    call = this.latest.get(call.id) ?? call;
    if (call.topology === 'sfu') {
      if (!sfuFactory) throw new Error('group calls need the SFU session (import its module first)');
      return sfuFactory(call, deps, options);
    }
    return new P2PCallSession(call, deps, options);
  }

  private request(clientId: string, frame: ClientFrame): Promise<Call> {
    return new Promise<Call>((resolve, reject) => {
      const timer = setTimeout(
        () => this.settle(clientId, new NetworkError('no reply to the call frame'), null),
        REPLY_TIMEOUT_MS,
      );
      this.waiting.set(clientId, {
        resolve: (c) => {
          clearTimeout(timer);
          resolve(c);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      if (!this.transport.send(frame)) this.settle(clientId, new NetworkError('not connected'), null);
    });
  }

  private settle(clientId: string, error: Error | null, call: Call | null): void {
    const w = this.waiting.get(clientId);
    if (!w) return;
    this.waiting.delete(clientId);
    if (error) w.reject(error);
    else w.resolve(call!);
  }
}
