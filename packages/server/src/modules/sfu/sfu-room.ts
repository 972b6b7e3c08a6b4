// One call's SFU session: a peer per participant device, and the forwarding table from each
// published slot to the downstream senders of every other peer. RTP is forwarded as received
// (payload and timestamps untouched, SSRC rewritten per receiver by the sender); key frames are
// requested from the publisher when a receiver starts or asks (PLI), at most every 500 ms.
import type { CallSignal } from '@anytime/protocol';
import { RtpHeader, RtpPacket, type PeerConfig, type RTCRtpSender } from 'werift';
import { UPSTREAM_SLOTS, type Slot } from './media-config.js';
import { SfuPeer, type PeerIdentity } from './sfu-peer.js';
import type { SfuPeerMedia } from '../calls/sfu-port.js';

const KEYFRAME_MIN_INTERVAL_MS = 500;

export interface RoomCounters {
  packetsIn: number;
  packetsOut: number;
  bytesOut: number;
  /** PLIs sent to publishers (a receiver started or lost a key frame). */
  keyframeRequests: number;
}

export class SfuRoom {
  readonly peers = new Map<string, SfuPeer>();
  /** `${publisherDeviceId}/${slot}` -> senders that forward it. */
  private routes = new Map<string, Set<RTCRtpSender>>();
  private lastKeyframe = new Map<string, number>();
  /** Key frame requests waiting for the end of their stream's interval. */
  private keyframeLater = new Map<string, ReturnType<typeof setTimeout>>();
  readonly counters: RoomCounters = { packetsIn: 0, packetsOut: 0, bytesOut: 0, keyframeRequests: 0 };

  constructor(
    readonly callId: string,
    private readonly config: Partial<PeerConfig>,
    private readonly send: (to: PeerIdentity, signal: CallSignal) => void,
    private readonly onPeerMedia: (deviceId: string, state: SfuPeerMedia) => void,
  ) {}

  get size(): number {
    return this.peers.size;
  }

  join(who: PeerIdentity): void {
    this.leave(who.deviceId);
    const peer = new SfuPeer(who, this.config, {
      send: (signal) => this.send(who, signal),
      onUpstreamTrack: (slot, track) => {
        const key = routeKey(who.deviceId, slot);
        track.onReceiveRtp.subscribe((rtp) => this.forward(key, rtp));
      },
      onKeyframeWanted: (fromDeviceId, slot) => this.requestKeyframe(fromDeviceId, slot),
      onMedia: (state) => this.onPeerMedia(who.deviceId, state),
    });
    for (const other of this.peers.values()) {
      this.route(other.who.deviceId, peer.addDownstream(other.who));
      this.route(who.deviceId, other.addDownstream(who));
      other.negotiate();
    }
    this.peers.set(who.deviceId, peer);
    peer.negotiate();
  }

  signal(fromDeviceId: string, signal: CallSignal): boolean {
    const peer = this.peers.get(fromDeviceId);
    if (!peer) return false;
    peer.handle(signal);
    return true;
  }

  leave(deviceId: string): void {
    const peer = this.peers.get(deviceId);
    if (!peer) return;
    this.peers.delete(deviceId);
    for (const slot of UPSTREAM_SLOTS) {
      this.routes.delete(routeKey(deviceId, slot));
      this.lastKeyframe.delete(routeKey(deviceId, slot));
      clearTimeout(this.keyframeLater.get(routeKey(deviceId, slot)));
      this.keyframeLater.delete(routeKey(deviceId, slot));
    }
    for (const other of this.peers.values()) {
      for (const sender of other.removeDownstream(deviceId)) this.unroute(sender);
      other.negotiate();
    }
    void peer.close();
  }

  async close(): Promise<void> {
    const peers = [...this.peers.values()];
    this.peers.clear();
    this.routes.clear();
    for (const timer of this.keyframeLater.values()) clearTimeout(timer);
    this.keyframeLater.clear();
    await Promise.all(peers.map((p) => p.close()));
  }

  private route(publisherDeviceId: string, down: Record<Slot, { sender: RTCRtpSender }>): void {
    for (const slot of UPSTREAM_SLOTS) {
      const key = routeKey(publisherDeviceId, slot);
      let set = this.routes.get(key);
      if (!set) this.routes.set(key, (set = new Set()));
      set.add(down[slot].sender);
    }
  }

  private unroute(sender: RTCRtpSender): void {
    for (const set of this.routes.values()) set.delete(sender);
  }

  private forward(key: string, rtp: RtpPacket): void {
    this.counters.packetsIn++;
    const senders = this.routes.get(key);
    if (!senders) return;
    for (const sender of senders) {
      // Each sender rewrites SSRC/sequence in place and keeps the packet for NACK: give it its own.
      const copy = new RtpPacket(
        new RtpHeader({ ...rtp.header, extensions: rtp.header.extensions.map((e) => ({ ...e })) }),
        rtp.payload,
      );
      this.counters.packetsOut++;
      this.counters.bytesOut += rtp.payload.length;
      void sender.sendRtp(copy).catch(() => undefined);
    }
  }

  /**
   * Asks the publisher for a key frame, at most once per KEYFRAME_MIN_INTERVAL_MS per stream. A
   * request inside that interval is not dropped but sent when it ends: the receiver that asked
   * (a new one whose sender just became ready, or one that lost a frame) may have missed the key
   * frame of the request before, and without one its decoder shows nothing.
   */
  private requestKeyframe(publisherDeviceId: string, slot: Slot): void {
    if (slot === 'audio') return;
    const key = routeKey(publisherDeviceId, slot);
    if (this.keyframeLater.has(key)) return;
    const wait = (this.lastKeyframe.get(key) ?? 0) + KEYFRAME_MIN_INTERVAL_MS - Date.now();
    if (wait > 0) {
      const timer = setTimeout(() => {
        this.keyframeLater.delete(key);
        this.requestKeyframe(publisherDeviceId, slot);
      }, wait);
      timer.unref?.();
      this.keyframeLater.set(key, timer);
      return;
    }
    this.lastKeyframe.set(key, Date.now());
    if (this.peers.get(publisherDeviceId)?.requestKeyframe(slot)) this.counters.keyframeRequests++;
  }
}

const routeKey = (deviceId: string, slot: Slot) => `${deviceId}/${slot}`;
