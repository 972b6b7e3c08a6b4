// One participant device's connection to the SFU. The SFU is always the offerer (it knows who is in
// the room); the participant answers, publishing on the first three m-lines (audio, camera, screen)
// and receiving every other participant on sendonly m-lines whose stream id names the sender.
// A participant may offer only to restart ICE; if that crosses an SFU offer, the SFU offer wins and
// carries the ICE restart itself.
import type { CallSignal } from '@anytime/protocol';
import {
  MediaStream,
  RTCPeerConnection,
  type RTCRtpSender,
  type RTCRtpTransceiver,
  type MediaStreamTrack,
  type PeerConfig,
} from 'werift';
import { forwardedStreamId, slotKind, UPSTREAM_SLOTS, type Slot } from './media-config.js';
import type { SfuPeerMedia } from '../calls/sfu-port.js';

export interface PeerIdentity {
  userId: string;
  deviceId: string;
}

export interface PeerHooks {
  send(signal: CallSignal): void;
  /** A packet arrived on one of this participant's published slots. */
  onUpstreamTrack(slot: Slot, track: MediaStreamTrack): void;
  /** A receiver asked for a key frame of what a downstream sender carries. */
  onKeyframeWanted(fromDeviceId: string, slot: Slot): void;
  /** The connection to the participant connected or failed. */
  onMedia(state: SfuPeerMedia): void;
}

/** What this peer receives from one other participant. */
export type Downstream = Record<Slot, RTCRtpTransceiver>;

export class SfuPeer {
  readonly pc: RTCPeerConnection;
  readonly upstream: Record<Slot, RTCRtpTransceiver>;
  readonly downstream = new Map<string, Downstream>();
  private upstreamTracks = new Map<Slot, MediaStreamTrack>();
  private offering = false;
  /** The participant answered at least once (its connection exists). */
  private answered = false;
  private again = false;
  private iceRestart = false;
  private closed = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly who: PeerIdentity,
    config: Partial<PeerConfig>,
    private readonly hooks: PeerHooks,
  ) {
    this.pc = new RTCPeerConnection(config);
    const up = {} as Record<Slot, RTCRtpTransceiver>;
    for (const slot of UPSTREAM_SLOTS) {
      const t = this.pc.addTransceiver(slotKind(slot), { direction: 'recvonly' });
      t.onTrack.subscribe((track) => {
        this.upstreamTracks.set(slot, track);
        hooks.onUpstreamTrack(slot, track);
      });
      up[slot] = t;
    }
    this.upstream = up;
    this.pc.onIceCandidate.subscribe((c) => {
      if (!c || this.closed) return;
      const init = c.toJSON();
      hooks.send({
        kind: 'candidate',
        candidate: {
          candidate: init.candidate ?? '',
          sdpMid: init.sdpMid ?? null,
          sdpMLineIndex: init.sdpMLineIndex ?? null,
        },
      });
    });
    this.pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected' && this.again) this.negotiate();
      if ((state === 'connected' || state === 'failed') && !this.closed) hooks.onMedia(state);
    });
  }

  /** Start receiving `from`'s three slots on new sendonly m-lines. Renegotiate afterwards. */
  addDownstream(from: PeerIdentity): Downstream {
    const existing = this.downstream.get(from.deviceId);
    if (existing) return existing;
    const down = {} as Downstream;
    for (const slot of UPSTREAM_SLOTS) {
      const stream = new MediaStream({ id: forwardedStreamId(from.deviceId, slot), tracks: [] });
      const t = this.pc.addTransceiver(slotKind(slot), { direction: 'sendonly', streams: [stream] });
      t.sender.onPictureLossIndication.subscribe(() => this.hooks.onKeyframeWanted(from.deviceId, slot));
      t.sender.onReady.subscribe(() => this.hooks.onKeyframeWanted(from.deviceId, slot));
      down[slot] = t;
    }
    this.downstream.set(from.deviceId, down);
    return down;
  }

  /** Stop sending `deviceId`'s slots (their m-lines go inactive; renegotiate afterwards). */
  removeDownstream(deviceId: string): RTCRtpSender[] {
    const down = this.downstream.get(deviceId);
    if (!down) return [];
    this.downstream.delete(deviceId);
    return UPSTREAM_SLOTS.map((slot) => {
      down[slot].setDirection('inactive');
      return down[slot].sender;
    });
  }

  /** Ask the participant for a key frame of one of its published slots (PLI). */
  requestKeyframe(slot: Slot): boolean {
    const track = this.upstreamTracks.get(slot);
    if (!track?.ssrc || this.closed) return false;
    void this.upstream[slot].receiver.sendRtcpPLI(track.ssrc).catch(() => undefined);
    return true;
  }

  /** Send a fresh offer (queued behind any negotiation in flight). */
  negotiate(): void {
    this.run(async () => {
      if (this.offering || this.pc.signalingState !== 'stable') {
        this.again = true;
        return;
      }
      this.offering = true;
      this.again = false;
      const offer = await this.pc.createOffer({ iceRestart: this.iceRestart });
      this.iceRestart = false;
      await this.pc.setLocalDescription(offer);
      const sdp = this.pc.localDescription?.sdp;
      if (sdp && !this.closed) this.hooks.send({ kind: 'offer', sdp });
    });
  }

  handle(signal: CallSignal): void {
    this.run(async () => {
      if (signal.kind === 'answer') {
        if (!this.offering) return;
        await this.pc.setRemoteDescription({ type: 'answer', sdp: signal.sdp });
        this.offering = false;
        this.answered = true;
        if (this.again) {
          this.again = false;
          this.offering = false;
          this.negotiateNow();
        }
      } else if (signal.kind === 'offer') {
        // A participant offers only to ask for an ICE restart (its network changed). The SFU stays
        // the only offerer: it answers with its own offer that restarts ICE (the participant
        // did not apply its offer locally, so there is no glare).
        this.iceRestart = true;
        this.negotiate();
      } else if (signal.kind === 'candidate' && signal.candidate.candidate) {
        await this.pc.addIceCandidate(signal.candidate).catch(() => undefined);
      }
    });
  }

  private negotiateNow(): void {
    // Called from inside the queue: enqueue, do not await (it would deadlock the chain).
    this.negotiate();
  }

  private run(step: () => Promise<void>): void {
    this.queue = this.queue
      .then(() => (this.closed ? undefined : step()))
      .catch(() => {
        // A bad SDP from the participant fails that step only; the next offer starts clean.
        this.offering = false;
      });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pc.close().catch(() => undefined);
  }
}
