// The Janus SFU (CALLS_SFU=janus): implements SfuPort over Janus's WebSocket API (JANUS_URL), one
// VideoRoom room per call (janus-room.ts). The node keeps one Janus session; when the socket to
// Janus closes (Janus restarted or died) every room is gone with it: the rooms are forgotten (their
// devices' connections fail, later signals answer call_not_found) and the adapter reconnects with
// backoff. While it is not connected, joins fail with calls_unavailable and `available()` is false
// (the calls module then refuses new group calls).
import type { CallSignal } from '@anytime/protocol';
import { ApiError } from '../../../http/errors.js';
import type { SfuPort, SfuSend } from '../../calls/sfu-port.js';
import { JanusClient, type JanusEvent } from './janus-client.js';
import { JanusRoom } from './janus-room.js';

export interface JanusSfuOptions {
  url: string;
  apiSecret?: string;
  send: SfuSend;
  /** Most devices in one call (CALL_MAX_PARTICIPANTS); the room's `publishers`. */
  maxParticipants: number;
  log?: {
    warn(obj: object, msg: string): void;
    info?(obj: object, msg: string): void;
    debug?(obj: object, msg: string): void;
  };
  /** A device's media event from Janus (webrtcup, media, slowlink, hangup). */
  onMediaEvent?: (callId: string, deviceId: string, pc: 'up' | 'down', event: JanusEvent) => void;
  /** Janus went away: these calls lost their media (the owner may end them as failed). */
  onCallsLost?: (callIds: string[]) => void;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

export class JanusSfu implements SfuPort {
  private client: JanusClient | null = null;
  private connecting: Promise<JanusClient> | null = null;
  private readonly rooms = new Map<string, JanusRoom>();
  private closed = false;
  private retryMs = RECONNECT_MIN_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Why the last connection attempt failed (for errors and logs). */
  private lastError = '';

  constructor(private readonly options: JanusSfuOptions) {
    void this.connect().catch(() => undefined);
  }

  /** Whether this node can host group calls now (connected to Janus). */
  available(): boolean {
    return !this.closed && this.client?.isOpen === true;
  }

  async join(callId: string, who: { userId: string; deviceId: string }): Promise<void> {
    let client: JanusClient;
    try {
      client = await this.ready();
    } catch (e) {
      // Janus went away between the invite and this join: the call can carry no media, fail it.
      if (!this.closed) this.options.onCallsLost?.([callId]);
      throw e;
    }
    let room = this.rooms.get(callId);
    if (!room) {
      room = await JanusRoom.create(
        client,
        callId,
        this.options.maxParticipants,
        (to, signal) => this.options.send(callId, to, signal),
        {
          onMediaEvent: (deviceId, pc, e) => {
            this.options.log?.debug?.({ callId, deviceId, pc, janus: e.janus }, 'janus media event');
            this.options.onMediaEvent?.(callId, deviceId, pc, e);
          },
          onError: (deviceId, err) =>
            this.options.log?.warn({ err, callId, deviceId }, 'janus subscription update failed'),
        },
      );
      if (this.rooms.has(callId)) {
        // Another join created it meanwhile (calls-core serializes per call; this is a safety net).
        await room.destroy();
        room = this.rooms.get(callId)!;
      } else {
        this.rooms.set(callId, room);
      }
    }
    if (!room.devices.has(who.deviceId) && room.size >= this.options.maxParticipants) {
      throw new ApiError('call_full', `The call already has ${this.options.maxParticipants} devices in it.`);
    }
    await room.join(who);
  }

  async signal(callId: string, fromDeviceId: string, signal: CallSignal): Promise<void> {
    const room = this.rooms.get(callId);
    if (!room?.devices.has(fromDeviceId)) {
      throw new ApiError('call_not_found', 'This device has not joined the call on the SFU.');
    }
    await room.signal(fromDeviceId, signal);
  }

  async leave(callId: string, deviceId: string): Promise<void> {
    const room = this.rooms.get(callId);
    if (!room) return;
    await room.leave(deviceId);
    if (room.size === 0) {
      this.rooms.delete(callId);
      await room.destroy();
    }
  }

  async end(callId: string): Promise<void> {
    const room = this.rooms.get(callId);
    this.rooms.delete(callId);
    await room?.destroy();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    if (this.client?.isOpen) await Promise.all(rooms.map((r) => r.destroy().catch(() => undefined)));
    await this.client?.close();
    this.client = null;
  }

  /** Rooms and devices now (metrics, tests, the bench). */
  snapshot(): { rooms: number; peers: number; roomIds: number[] } {
    let peers = 0;
    for (const r of this.rooms.values()) peers += r.size;
    return { rooms: this.rooms.size, peers, roomIds: [...this.rooms.values()].map((r) => r.roomId) };
  }

  /** The connected client, connecting now if needed; calls_unavailable when Janus cannot be reached. */
  private async ready(): Promise<JanusClient> {
    if (this.closed) throw new ApiError('calls_unavailable', 'The SFU is shutting down.');
    if (this.client?.isOpen) return this.client;
    try {
      return await this.connect();
    } catch {
      throw new ApiError('calls_unavailable', `The Janus SFU is not reachable (${this.lastError}).`);
    }
  }

  private connect(): Promise<JanusClient> {
    if (this.connecting) return this.connecting;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    const attempt = JanusClient.connect({
      url: this.options.url,
      apiSecret: this.options.apiSecret,
      onClose: (reason) => this.onLost(attempt, reason),
    });
    this.connecting = attempt;
    attempt.then(
      (client) => {
        this.connecting = null;
        if (this.closed) {
          void client.close();
          return;
        }
        this.client = client;
        this.retryMs = RECONNECT_MIN_MS;
        this.options.log?.info?.({ url: this.options.url }, 'connected to Janus');
      },
      (err: unknown) => {
        this.connecting = null;
        this.lastError = err instanceof Error ? err.message : String(err);
        this.options.log?.warn({ url: this.options.url, err: this.lastError }, 'cannot connect to Janus');
        this.scheduleReconnect();
      },
    );
    return attempt;
  }

  /** The socket to Janus closed: every room is gone on Janus; forget them and reconnect. */
  private onLost(attempt: Promise<JanusClient>, reason: string): void {
    void attempt.then(
      (client) => {
        if (this.client !== client) return;
        this.client = null;
        this.lastError = reason;
        const lost = [...this.rooms.keys()];
        this.rooms.clear();
        if (!this.closed) {
          this.options.log?.warn({ reason, calls: lost.length }, 'lost the connection to Janus');
          if (lost.length) this.options.onCallsLost?.(lost);
          this.scheduleReconnect();
        }
      },
      () => undefined,
    );
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect().catch(() => undefined);
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
  }
}
