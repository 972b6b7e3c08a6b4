// The in-process SFU (werift): implements SfuPort with a room per call on this node. Chosen over
// Janus by measurement (docs/calls.md, "SFU"); it needs nothing outside npm, so group calls work on
// `npm start` anywhere.
import type { CallSignal } from '@anytime/protocol';
import type { PeerConfig } from 'werift';
import { ApiError } from '../../http/errors.js';
import type { SfuPeerMedia, SfuPort, SfuSend } from '../calls/sfu-port.js';
import { sfuPeerConfig } from './media-config.js';
import { SfuRoom, type RoomCounters } from './sfu-room.js';

export interface WeriftSfuOptions {
  send: SfuSend;
  /** Most devices in one call (CALL_MAX_PARTICIPANTS). */
  maxParticipants: number;
  iceServers?: PeerConfig['iceServers'];
  /** UDP port range for the SFU's ICE sockets (firewalls); any free port when unset. */
  portRange?: [number, number];
  /** A participant's connection connected or failed (the calls module counts it as its media report). */
  onPeerMedia?: (callId: string, deviceId: string, state: SfuPeerMedia) => void;
}

export class WeriftSfu implements SfuPort {
  private rooms = new Map<string, SfuRoom>();
  private closed = false;

  constructor(private readonly options: WeriftSfuOptions) {}

  async join(callId: string, who: { userId: string; deviceId: string }): Promise<void> {
    if (this.closed) throw new ApiError('calls_unavailable', 'The SFU is shutting down.');
    let room = this.rooms.get(callId);
    if (!room) {
      room = new SfuRoom(
        callId,
        sfuPeerConfig(this.options.iceServers ?? [], this.options.portRange),
        (to, signal) => this.options.send(callId, to, signal),
        (deviceId, state) => this.options.onPeerMedia?.(callId, deviceId, state),
      );
      this.rooms.set(callId, room);
    }
    if (!room.peers.has(who.deviceId) && room.size >= this.options.maxParticipants) {
      throw new ApiError('call_full', `The call already has ${this.options.maxParticipants} devices in it.`);
    }
    room.join(who);
  }

  async signal(callId: string, fromDeviceId: string, signal: CallSignal): Promise<void> {
    const room = this.rooms.get(callId);
    if (!room?.signal(fromDeviceId, signal)) {
      throw new ApiError('call_not_found', 'This device has not joined the call on the SFU.');
    }
  }

  async leave(callId: string, deviceId: string): Promise<void> {
    const room = this.rooms.get(callId);
    if (!room) return;
    room.leave(deviceId);
    if (room.size === 0) {
      this.rooms.delete(callId);
      await room.close();
    }
  }

  async end(callId: string): Promise<void> {
    const room = this.rooms.get(callId);
    this.rooms.delete(callId);
    await room?.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    await Promise.all(rooms.map((r) => r.close()));
  }

  /** For metrics and the capacity bench: rooms, peers and forwarding counters. */
  snapshot(): { rooms: number; peers: number; counters: RoomCounters } {
    const counters: RoomCounters = { packetsIn: 0, packetsOut: 0, bytesOut: 0, keyframeRequests: 0 };
    let peers = 0;
    for (const room of this.rooms.values()) {
      peers += room.size;
      counters.packetsIn += room.counters.packetsIn;
      counters.packetsOut += room.counters.packetsOut;
      counters.bytesOut += room.counters.bytesOut;
      counters.keyframeRequests += room.counters.keyframeRequests;
    }
    return { rooms: this.rooms.size, peers, counters };
  }
}
