// The client object apps and tests use: wires auth, HTTP, the realtime connection, the event
// pipeline, the outbox and the state model together behind one small API.
import type {
  AuthResponse,
  ConversationState,
  Event,
  EventOf,
  EventType,
  Presence,
  RouteBody,
  RouteName,
  RouteResponse,
} from '@anytime/protocol';
import { Auth, NotSignedInError, type SignedOutReason } from './auth/auth.js';
import { MemorySessionStore, type Session, type SessionStore } from './auth/session.js';
import { OfflineCache } from './cache/offline-cache.js';
import type { CacheStore } from './cache/cache-store.js';
import { NetworkError } from './http/api-error.js';
import { MediaClient } from './media/media-client.js';
import { CallsClient } from './calls/calls-client.js';
import { MemoryKeyStore, type KeyStore } from '@anytime/crypto';
import { KeysClient } from './secret/keys-client.js';
import { SealedClient } from './sealed/sealed-client.js';
import { BackupClient } from './keys/backup-client.js';
import { HistoryClient } from './keys/history-client.js';
import { HistoryKeyHolder } from './keys/history-key.js';
import { VerificationClient } from './keys/verification-client.js';
import { SecretChats } from './secret/secret-chats.js';
import { HttpClient, type RouteArgs, type RouteInput } from './http/http-client.js';
import { Outbox, type OutboxEvents, type SendOptions } from './outbox/outbox.js';
import { MemoryOutboxStore, type OutboxStore, type PendingMessage } from './outbox/outbox-store.js';
import { ReceiptReporter } from './receipts/receipt-reporter.js';
import { Emitter, type Listener } from './realtime/emitter.js';
import { LiveStatus } from './realtime/live-status.js';
import {
  RealtimeConnection,
  type ConnectionState,
  type ConnectionStateChange,
  type RealtimeOptions,
} from './realtime/realtime-connection.js';
import type { SocketConstructor } from './realtime/socket.js';
import { applyEvent } from './state/apply-event.js';
import { emptyState, type ClientState } from './state/client-state.js';
import { loadState, type CallRoute } from './state/load-state.js';
import { EventPipeline } from './sync/event-pipeline.js';
import { syncOverHttp } from './sync/http-sync.js';
import { SyncProgressTracker, type SyncProgress } from './sync/sync-progress.js';

export interface ClientOptions {
  /** http(s) URL of the server, e.g. http://127.0.0.1:8080 */
  baseUrl: string;
  /** Name given to the device created by register/login. */
  deviceName?: string;
  /**
   * Where the session and the outbox (with the sync cursor) live; memory by default. With a
   * `cache`, the user, the conversation list, recent messages and looked-up profiles are kept
   * there and answer `me`, `getUser`, `listConversations` and `listMessages` when the server
   * cannot be reached.
   */
  stores?: { session?: SessionStore; outbox?: OutboxStore; cache?: CacheStore; keys?: KeyStore };
  /**
   * Secret chats: how long a device that is not a group's first leaf waits before fixing the
   * group, and the longest random wait of a device that joined before it commits an update.
   */
  secret?: { followerDelayMs?: number; updateAfterJoinMs?: number };
  /** WebSocket implementation; default: the global one, or the `ws` package in Node. */
  WebSocket?: SocketConstructor;
  fetch?: typeof fetch;
  /** Tuning of reconnects and heartbeats. */
  realtime?: Pick<RealtimeOptions, 'backoff' | 'pingIntervalMs' | 'deadAfterMs' | 'connectTimeoutMs' | 'stableAfterMs'>;
  /** Base delay before a send that got a retryable error is tried again, ms. */
  sendRetryDelayMs?: number;
  /** Uploads: files above `resumableAbove` bytes go over tus (default 8 MiB); `pollMs` paces waiting without a socket. */
  media?: { resumableAbove?: number; pollMs?: number; chunkSize?: number };
  /** Report delivered automatically for messages from others (default true). */
  reportDelivered?: boolean;
}

/** Every protocol event by its type, plus the client's own events. */
export type ClientEvents = { [K in EventType]: EventOf<K> } & {
  /** Any protocol event, once applied (never twice). */
  event: Event;
  /** The state after an event changed it. */
  change: ClientState;
  state: ConnectionStateChange;
  synced: { cursor: string };
  /** Catching up after connecting: reported as events apply (batched) and once caught up. */
  syncProgress: SyncProgress;
  signedOut: { reason: SignedOutReason };
  /** Who is typing where changed (conversationId -> user ids); ephemeral, not in `state`. */
  typing: Readonly<Record<string, readonly string[]>>;
  /** The presence of a followed user changed (userId -> presence); ephemeral, not in `state`. */
  presence: Readonly<Record<string, Presence>>;
} & OutboxEvents;

export class AnytimeClient {
  private readonly emitter = new Emitter<ClientEvents>();
  /** Photos, videos, voice notes and files: upload, URLs, usage, gallery, photo tags. */
  readonly media: MediaClient;
  /** Voice and video calls: invite, answer, the call log, and media sessions. */
  readonly calls: CallsClient;
  /** The key directory: this device's identity and device keys, and other users' keys. */
  readonly keys: KeysClient;
  /** End-to-end encrypted (MLS) secret chats; call secret.start() once signed in. */
  readonly secret: SecretChats;
  /** Sealed messages: HPKE-sealed secrets in any chat, revealed by an explicit call. */
  readonly sealed: SealedClient;
  /** The secret-chat history archive (fed by client.secret, read after a restore). */
  readonly history: HistoryClient;
  /** The passphrase-protected key backup: upload, and restore on a new device. */
  readonly backup: BackupClient;
  /** Safety numbers, verified contacts and key-change warnings. */
  readonly verification: VerificationClient;
  private readonly http: HttpClient;
  private readonly auth: Auth;
  private readonly store: OutboxStore;
  private readonly outbox: Outbox;
  private readonly connection: RealtimeConnection;
  private readonly pipeline: EventPipeline;
  private readonly receipts: ReceiptReporter;
  private readonly cache: OfflineCache | null;
  private current: ClientState = emptyState();
  private forgetting: Promise<void> = Promise.resolve();
  private readonly live = new LiveStatus();
  private followed: string[] = [];
  private readonly progress = new SyncProgressTracker((p) => this.emitter.emit('syncProgress', p));

  constructor(readonly options: ClientOptions) {
    this.http = new HttpClient({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
    this.store = options.stores?.outbox ?? new MemoryOutboxStore();
    this.cache = options.stores?.cache ? new OfflineCache(options.stores.cache) : null;
    this.auth = new Auth({
      http: this.http,
      store: options.stores?.session ?? new MemorySessionStore(),
      ...(options.deviceName !== undefined ? { deviceName: options.deviceName } : {}),
      onSignedOut: (reason) => {
        this.forgetting = this.forgetDevice().finally(() => this.emitter.emit('signedOut', { reason }));
      },
    });
    this.pipeline = new EventPipeline(this.store, (event) => this.applyAndEmit(event));
    this.outbox = new Outbox({
      store: this.store,
      transmit: (frame) => this.connection.send(frame),
      ...(options.sendRetryDelayMs !== undefined ? { retryDelayMs: options.sendRetryDelayMs } : {}),
    });
    this.outbox.on('changed', (p) => this.emitter.emit('changed', p));
    this.outbox.on('sent', (p) => this.emitter.emit('sent', p));
    this.outbox.on('failed', (p) => this.emitter.emit('failed', p));
    this.connection = new RealtimeConnection({
      ...options.realtime,
      baseUrl: options.baseUrl,
      auth: this.auth,
      pipeline: this.pipeline,
      catchUp: () => syncOverHttp(this.call, this.pipeline, undefined, (more) => this.progress.page(more)),
      ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
    });
    this.media = new MediaClient({
      baseUrl: options.baseUrl,
      call: this.call,
      withToken: (fn) => this.auth.withToken(fn),
      onUpdated: (fn) => this.emitter.on('media.updated', (e) => fn(e.media)),
      onProgress: (fn) => this.connection.on('mediaProgress', fn),
      ...options.media,
    });
    this.calls = new CallsClient(
      {
        send: (frame) => this.connection.send(frame),
        onRing: (fn) => this.connection.on('callRing', fn),
        onState: (fn) => this.connection.on('callState', fn),
        onSignal: (fn) => this.connection.on('callSignal', fn),
        onError: (fn) => this.connection.on('error', fn),
        me: () => {
          const s = this.auth.current;
          return s ? { userId: s.userId, deviceId: s.deviceId } : null;
        },
      },
      this.call,
    );
    const me = () => {
      const session = this.auth.current;
      if (!session) throw new NotSignedInError('sign in first');
      return { userId: session.userId, deviceId: session.deviceId };
    };
    this.keys = new KeysClient(this.call, options.stores?.keys ?? new MemoryKeyStore(), me);
    this.secret = new SecretChats({
      call: this.call,
      keys: this.keys,
      me,
      fetchBlob: (path) => this.fetchImage(path),
      ...options.secret,
    });
    this.sealed = new SealedClient(this.call, this.keys, me);
    const historyKey = new HistoryKeyHolder(this.keys.store);
    this.history = new HistoryClient(this.call, historyKey);
    this.history.attach(this.secret);
    this.backup = new BackupClient(this.call, this.keys, historyKey, this.history);
    this.verification = new VerificationClient(this.keys, me);
    this.emitter.on('keys.changed', (e) => {
      void this.verification.handleKeysChanged(e).catch(() => undefined);
    });
    this.receipts = new ReceiptReporter({ transmit: (frame) => this.connection.send(frame), call: this.call });
    this.connection.on('state', (change) => {
      if (change.state !== 'connected') this.outbox.disconnected();
      this.emitter.emit('state', change);
    });
    this.connection.on('hello', () => {
      this.outbox.connected();
      // Presence follows are per connection: renew them on every (re)connect.
      if (this.followed.length > 0) this.connection.send({ type: 'presence.subscribe', userIds: this.followed });
    });
    this.connection.on('typing', (f) => this.live.onTyping(f));
    this.connection.on('presence', (f) => this.live.onPresence(f));
    this.connection.on('state', (c) => {
      if (c.state !== 'connected') this.live.clear();
    });
    this.live.on('typing', (t) => this.emitter.emit('typing', t));
    this.live.on('presence', (p) => this.emitter.emit('presence', p));
    this.connection.on('state', (c) => {
      if (c.state === 'connecting') this.progress.started();
      else if (c.state === 'idle' || c.state === 'closed') this.progress.finished();
    });
    this.connection.on('synced', (s) => {
      this.progress.finished();
      this.emitter.emit('synced', s);
    });
    this.connection.on('ack', (f) => this.outbox.handleAck(f));
    this.connection.on('error', (f) => this.outbox.handleError(f));
  }

  /** The state built from the events this client applied (and the profile from sign-in). */
  get state(): ClientState {
    return this.current;
  }

  /** How far catching up has got (`catchingUp` false once synced). */
  get syncProgress(): SyncProgress {
    return this.progress.current;
  }

  get connectionState(): ConnectionState {
    return this.connection.state;
  }

  get session(): Session | null {
    return this.auth.current;
  }

  /** Messages waiting for their ack, in send order. */
  get pending(): readonly PendingMessage[] {
    return this.outbox.pending;
  }

  on<K extends keyof ClientEvents>(type: K, fn: Listener<ClientEvents[K]>): () => void {
    return this.emitter.on(type, fn);
  }

  once<K extends keyof ClientEvents>(type: K, fn: Listener<ClientEvents[K]>): () => void {
    return this.emitter.once(type, fn);
  }

  off<K extends keyof ClientEvents>(type: K, fn: Listener<ClientEvents[K]>): void {
    this.emitter.off(type, fn);
  }

  /** The next payload of `type` that passes `filter`. */
  next<K extends keyof ClientEvents>(type: K, filter?: (p: ClientEvents[K]) => boolean): Promise<ClientEvents[K]> {
    return this.emitter.next(type, filter);
  }

  async register(body: RouteBody<'register'>): Promise<AuthResponse> {
    return this.signedIn(await this.auth.register(body));
  }

  async login(body: RouteBody<'login'>): Promise<AuthResponse> {
    return this.signedIn(await this.auth.login(body));
  }

  /** Signs this device out (the server revokes it) and forgets its outbox and cursor. */
  async logout(): Promise<void> {
    this.connection.disconnect();
    await this.auth.logout();
    await this.forgetting;
  }

  /** A new token pair now (normally automatic on token_expired). */
  refresh(): Promise<Session> {
    return this.auth.refresh();
  }

  /** api() with the input always in second place: fits helpers such as fetchHistory(). */
  readonly call: CallRoute = (name, input) => this.callRoute(name, input);

  /**
   * Calls an HTTP endpoint by its route name, with automatic token refresh. With a cache store,
   * `me`, `getUser`, `listConversations` and `listMessages` are answered from the cache when the server
   * cannot be reached (a NetworkError), and their answers are kept for that.
   */
  api<N extends RouteName>(name: N, ...args: RouteArgs<N>): Promise<RouteResponse<N>> {
    return this.callRoute(name, args[0]);
  }

  /**
   * The image at an API URL such as a user's or group's avatarUrl, fetched with the access token
   * (refreshed once when expired). The URL changes with each upload, so callers may cache by it.
   */
  fetchImage(url: string): Promise<Blob> {
    return this.auth.withToken((token) => this.http.fetchBlob(url, token));
  }

  /** Resolves once everything the offline cache learned so far is stored. */
  cacheIdle(): Promise<void> {
    return this.cache?.flush() ?? Promise.resolve();
  }

  /** Starts the realtime connection (and keeps it up until disconnect()). */
  async connect(): Promise<void> {
    if (!(await this.auth.restore())) throw new NotSignedInError('sign in before connecting');
    await this.outbox.load();
    this.connection.connect();
  }

  disconnect(): void {
    this.connection.disconnect();
  }

  /** Resolves once the connection has caught up and is live. */
  whenSynced(): Promise<void> {
    return this.connection.whenSynced();
  }

  /** Queues a message; it is stored before this resolves and sent whenever connected. */
  send(conversationId: string, text: string, options?: SendOptions): Promise<PendingMessage> {
    return this.outbox.send(conversationId, text, options);
  }

  /**
   * Marks everything up to `seq` read, on every device of the user (over the socket when
   * connected, else HTTP). Read positions only move forward; an older seq changes nothing.
   */
  markRead(conversationId: string, seq: number): Promise<void> {
    return this.receipts.read(conversationId, seq);
  }

  /** Resolves once every delivered/read report of this device has been handed to the server. */
  receiptsIdle(): Promise<void> {
    return this.receipts.idle();
  }

  /** Mute, archive, pin or keep a draft; every device of the user gets the new state. */
  async updateConversationState(
    conversationId: string,
    change: RouteBody<'updateConversationState'>,
  ): Promise<ConversationState> {
    const { state } = await this.api('updateConversationState', { params: { id: conversationId }, body: change });
    return state;
  }

  /**
   * Tells the other members that this user is typing in a conversation (call again every few
   * seconds while typing; the server drops repeats closer than 2 s), or that they stopped.
   * Returns false when not connected (typing is ephemeral: nothing is queued).
   */
  typing(conversationId: string, stopped = false): boolean {
    return this.connection.send({ type: 'typing', conversationId, ...(stopped ? { stopped } : {}) });
  }

  /** Who is typing where now (conversationId -> user ids); changes come as `typing` events. */
  get typingNow(): Readonly<Record<string, readonly string[]>> {
    return this.live.typing;
  }

  /**
   * Follows the presence of these users (replacing the previous set; [] stops): their current
   * presence arrives at once, then each change, as `presence` events. Kept across reconnects.
   */
  followPresence(userIds: string[]): void {
    this.followed = [...new Set(userIds)];
    this.connection.send({ type: 'presence.subscribe', userIds: this.followed });
  }

  /** The latest presence of followed users (userId -> presence). */
  get presence(): Readonly<Record<string, Presence>> {
    return this.live.presence;
  }

  /** Replaces the state with a fresh fetch from the server (profile, conversations, histories). */
  async reload(): Promise<ClientState> {
    this.current = await loadState(this.call);
    this.emitter.emit('change', this.current);
    return this.current;
  }

  /** Disconnects and releases the stores. */
  async close(): Promise<void> {
    this.secret.stop();
    await this.receipts.idle();
    this.connection.disconnect();
    await this.outbox.settle();
    await this.pipeline.flush().catch(() => undefined);
    await this.store.close?.();
    await this.cache?.close();
  }

  private async callRoute<N extends RouteName>(name: N, input: RouteInput<N> | undefined): Promise<RouteResponse<N>> {
    const cache = this.cache;
    try {
      const res = await this.auth.call(name, input);
      const userId = this.auth.current?.userId;
      // Not awaited: the first record loads the account's cache, which must not delay answers.
      if (cache && userId) void cache.record(userId, name, input, res).catch(() => undefined);
      return res;
    } catch (e) {
      const userId = this.auth.current?.userId;
      if (!(e instanceof NetworkError) || !cache || !userId) throw e;
      const cached = await cache.answer(userId, name, input);
      if (cached === undefined) throw e;
      return cached;
    }
  }

  private async signedIn(res: AuthResponse): Promise<AuthResponse> {
    // A new device starts its event stream from the beginning: old cursor and state do not apply.
    this.connection.disconnect();
    this.pipeline.reset();
    this.receipts.reset();
    await this.pipeline.flush();
    this.current = { ...emptyState(), user: res.user };
    // The profile from sign-in is what `me` answers offline until a fetch refreshes it.
    void this.cache?.record(res.user.id, 'me', undefined, { user: res.user }).catch(() => undefined);
    this.emitter.emit('change', this.current);
    return res;
  }

  /** The device is signed out for good: its pending sends, cursor and state are void. */
  private async forgetDevice(): Promise<void> {
    await this.outbox.clear();
    await this.cache?.clear();
    this.pipeline.reset();
    await this.pipeline.flush();
    this.current = emptyState();
    this.emitter.emit('change', this.current);
  }

  private applyAndEmit(event: Event): void {
    const before = this.current;
    this.current = applyEvent(before, event);
    this.progress.applied(event);
    const userId = this.auth.current?.userId;
    if (this.cache && userId) void this.cache.apply(userId, event);
    // Delivered: messages from others, in secret chats the urgent application messages (the
    // envelope says so; the same ones that count as unread).
    const delivered =
      (event.type === 'message.created' && event.message.senderId !== this.current.user?.id) ||
      (event.type === 'mls.message' &&
        event.message.kind === 'application' &&
        event.message.urgent !== false &&
        event.message.senderId !== this.current.user?.id);
    if (delivered && this.options.reportDelivered !== false) {
      this.receipts.delivered(event.conversationId, event.seq);
    }
    // Each event type is also its own event name, with that event as payload.
    this.emitter.emit<EventType>(event.type, event);
    this.emitter.emit('event', event);
    this.secret.handleEvent(event);
    if (this.current !== before) this.emitter.emit('change', this.current);
  }
}

export function createClient(options: ClientOptions): AnytimeClient {
  return new AnytimeClient(options);
}
