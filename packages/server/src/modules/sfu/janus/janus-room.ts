// One group call on Janus: a VideoRoom room, and per device a publisher handle (the device's "up"
// PeerConnection: the device offers audio, camera, screen; Janus answers) and one multistream
// subscriber handle (the "down" PeerConnection: Janus offers every other device's streams; the
// device answers). Subscriptions follow the publishers: when a device publishes or leaves, every
// other device's subscriber is updated (subscribe/unsubscribe) and Janus's new offer goes to it,
// with the msids rewritten to `deviceId` / `deviceId:screen` (janus-sdp.ts) by what each m-line
// (mid) carries, kept per subscriber: Janus's ICE-restart offer lists no streams. One renegotiation
// per subscriber at a time: changes during one are applied after the device's answer.
import type { CallSignal } from '@anytime/protocol';
import { ApiError } from '../../../http/errors.js';
import { forwardedStreamId, UPSTREAM_SLOTS, type Slot } from '../media-config.js';
import type { JanusClient, JanusEvent, Jsep } from './janus-client.js';
import { rewriteMsids, sdpSections } from './janus-sdp.js';

const VIDEOROOM = 'janus.plugin.videoroom';
/** A device that does not answer a subscriber offer in this time no longer blocks updates. */
const NEGOTIATION_TIMEOUT_MS = 15_000;

type Who = { userId: string; deviceId: string };
/** One entry of a subscriber event's `streams` list (Janus 1.x multistream). */
type JanusSubscriberStream = {
  mid?: string;
  feed_id?: number;
  feed_mid?: string;
  feed_display?: string;
  feed_description?: string;
};
type Send = (to: Who, signal: CallSignal) => void;

interface Device {
  who: Who;
  pub: number;
  feedId: number;
  /** The device's published streams (Janus mids are the device's own). */
  published: { mid: string; slot: Slot }[];
  /** Janus took the publisher's media (webrtcup): only then can others subscribe to it. */
  live: boolean;
  sub: number | null;
  /** `${feedId}|${mid}` of what the subscriber handle receives. */
  subscribed: Set<string>;
  /** The stream id and track id each m-line (mid) of the subscriber handle's offers carries. */
  names: Map<string, { streamId: string; trackId: string }>;
  negotiating: ReturnType<typeof setTimeout> | null;
  dirty: boolean;
  gone: boolean;
}

export interface JanusRoomEvents {
  /** webrtcup / media / slowlink / hangup on a device's handle (logging, metrics). */
  onMediaEvent?: (deviceId: string, pc: 'up' | 'down', event: JanusEvent) => void;
  onError?: (deviceId: string, err: unknown) => void;
}

export class JanusRoom {
  readonly devices = new Map<string, Device>();
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    readonly callId: string,
    readonly roomId: number,
    private readonly janus: JanusClient,
    private readonly control: number,
    private readonly send: Send,
    private readonly events: JanusRoomEvents,
  ) {}

  /** Creates the VideoRoom room (a fresh numeric id) on a control handle of its own. */
  static async create(
    janus: JanusClient,
    callId: string,
    maxParticipants: number,
    send: Send,
    events: JanusRoomEvents = {},
  ): Promise<JanusRoom> {
    const control = await janus.attach(VIDEOROOM, () => undefined);
    const roomId = 1 + Math.floor(Math.random() * 2 ** 48);
    await janus.message(control, {
      request: 'create',
      room: roomId,
      description: `anytime call ${callId}`,
      publishers: maxParticipants,
      audiocodec: 'opus',
      videocodec: 'vp8',
      notify_joining: true,
      is_private: false,
      permanent: false,
    });
    return new JanusRoom(callId, roomId, janus, control, send, events);
  }

  get size(): number {
    return this.devices.size;
  }

  /** A device joins as a publisher; it is then asked to publish and subscribed to the others. */
  async join(who: Who): Promise<void> {
    if (this.devices.has(who.deviceId)) await this.leave(who.deviceId);
    const pub = await this.janus.attach(VIDEOROOM, (e) => this.onPublisherEvent(who.deviceId, e));
    let feedId: number;
    try {
      const joined = await this.janus.message(pub, {
        request: 'join',
        ptype: 'publisher',
        room: this.roomId,
        display: who.deviceId,
      });
      feedId = Number(joined.data['id']);
    } catch (e) {
      await this.janus.detach(pub);
      throw e;
    }
    const device: Device = {
      who,
      pub,
      feedId,
      published: [],
      live: false,
      sub: null,
      subscribed: new Set(),
      names: new Map(),
      negotiating: null,
      dirty: false,
      gone: false,
    };
    this.devices.set(who.deviceId, device);
    this.send(who, { kind: 'publish' });
    this.refresh(device);
  }

  async signal(deviceId: string, signal: CallSignal): Promise<void> {
    const d = this.devices.get(deviceId);
    if (!d) throw new ApiError('call_not_found', 'This device has not joined the call on the SFU.');
    if (signal.kind === 'publish') throw new ApiError('invalid_request', 'publish is sent by the SFU only');
    const pc = signal.pc;
    if (pc !== 'up' && pc !== 'down') {
      throw new ApiError('invalid_request', 'with the Janus SFU every signal names its PeerConnection (pc: up|down)');
    }
    if (signal.kind === 'candidate') {
      const handle = pc === 'up' ? d.pub : d.sub;
      if (handle === null) return;
      const c = signal.candidate;
      await this.janus.trickle(
        handle,
        c.candidate
          ? { candidate: c.candidate, sdpMid: c.sdpMid ?? undefined, sdpMLineIndex: c.sdpMLineIndex ?? 0 }
          : { completed: true },
      );
    } else if (pc === 'up' && signal.kind === 'offer') {
      await this.publish(d, signal.sdp);
    } else if (pc === 'down' && signal.kind === 'answer') {
      if (d.sub === null) return;
      await this.janus.message(d.sub, { request: 'start' }, { type: 'answer', sdp: signal.sdp });
      this.negotiated(d);
    } else if (pc === 'down' && signal.kind === 'offer') {
      // The device asks for an ICE restart of its down connection: Janus sends a new offer.
      if (d.sub === null) return;
      this.startNegotiation(d);
      await this.janus.message(d.sub, { request: 'configure', restart: true });
    } else {
      throw new ApiError('invalid_request', `unexpected ${signal.kind} on the ${pc} connection`);
    }
  }

  /** The device's offer (first publish, or a renegotiation / ICE restart): Janus answers. */
  private async publish(d: Device, sdp: string): Promise<void> {
    const sections = sdpSections(sdp);
    const published = sections
      .slice(0, UPSTREAM_SLOTS.length)
      .map((s, i) => ({ mid: s.mid, slot: UPSTREAM_SLOTS[i]! }));
    const first = d.published.length === 0;
    const res = await this.janus.message(
      d.pub,
      {
        request: first ? 'publish' : 'configure',
        descriptions: published.map((p) => ({ mid: p.mid, description: p.slot })),
      },
      { type: 'offer', sdp },
    );
    if (!res.jsep || res.jsep.type !== 'answer') throw new Error('Janus did not answer the publisher offer');
    d.published = published;
    this.send(d.who, { kind: 'answer', pc: 'up', sdp: res.jsep.sdp });
    if (first && d.live) this.refreshOthers(d);
  }

  private refreshOthers(d: Device): void {
    for (const other of this.devices.values()) if (other !== d) this.refresh(other);
  }

  async leave(deviceId: string): Promise<void> {
    const d = this.devices.get(deviceId);
    if (!d) return;
    this.devices.delete(deviceId);
    d.gone = true;
    if (d.negotiating) clearTimeout(d.negotiating);
    await this.janus.message(d.pub, { request: 'leave' }).catch(() => undefined);
    await this.janus.detach(d.pub);
    if (d.sub !== null) await this.janus.detach(d.sub);
    // Janus drops the leaver's streams from the others' subscriptions itself; forget them here.
    for (const other of this.devices.values()) {
      for (const key of [...other.subscribed]) if (key.startsWith(`${d.feedId}|`)) other.subscribed.delete(key);
    }
  }

  /** Destroys the room on Janus and every handle of it. */
  async destroy(): Promise<void> {
    const devices = [...this.devices.values()];
    this.devices.clear();
    for (const d of devices) {
      d.gone = true;
      if (d.negotiating) clearTimeout(d.negotiating);
    }
    await this.janus.message(this.control, { request: 'destroy', room: this.roomId }).catch(() => undefined);
    for (const d of devices) {
      await this.janus.detach(d.pub);
      if (d.sub !== null) await this.janus.detach(d.sub);
    }
    await this.janus.detach(this.control);
  }

  /** Every stream of the other devices' publications. */
  private wanted(d: Device): Map<string, { feed: number; mid: string }> {
    const out = new Map<string, { feed: number; mid: string }>();
    for (const o of this.devices.values()) {
      if (o === d || !o.live) continue;
      for (const p of o.published) out.set(`${o.feedId}|${p.mid}`, { feed: o.feedId, mid: p.mid });
    }
    return out;
  }

  /** Brings a device's subscription up to date (queued; one renegotiation at a time). */
  private refresh(d: Device): void {
    this.chain = this.chain
      .then(() => this.update(d))
      .catch((e: unknown) => {
        // Forget what the failed request was to change; the next refresh tries again.
        if (d.negotiating) clearTimeout(d.negotiating);
        d.negotiating = null;
        d.subscribed.clear();
        this.events.onError?.(d.who.deviceId, e);
      });
  }

  private async update(d: Device): Promise<void> {
    if (d.gone) return;
    if (d.negotiating) {
      d.dirty = true;
      return;
    }
    const want = this.wanted(d);
    const add = [...want.entries()].filter(([k]) => !d.subscribed.has(k)).map(([, v]) => v);
    const drop = [...d.subscribed].filter((k) => !want.has(k));
    if (add.length === 0 && drop.length === 0) return;
    d.dirty = false;
    if (d.sub === null) {
      if (add.length === 0) return;
      const sub = await this.janus.attach(VIDEOROOM, (e) => this.onSubscriberEvent(d, e));
      d.sub = sub;
      this.startNegotiation(d);
      for (const k of want.keys()) d.subscribed.add(k);
      await this.janus.message(sub, { request: 'join', ptype: 'subscriber', room: this.roomId, streams: add });
      return;
    }
    this.startNegotiation(d);
    for (const k of drop) d.subscribed.delete(k);
    for (const k of want.keys()) d.subscribed.add(k);
    const unsubscribe = drop.map((k) => {
      const [feed, mid] = k.split('|');
      return { feed: Number(feed), mid };
    });
    const res = await this.janus.message(d.sub, {
      request: 'update',
      ...(add.length ? { subscribe: add } : {}),
      ...(unsubscribe.length ? { unsubscribe } : {}),
    });
    // No new offer (nothing to renegotiate): the update is done.
    if (!res.jsep) this.negotiated(d);
  }

  private startNegotiation(d: Device): void {
    if (d.negotiating) clearTimeout(d.negotiating);
    d.negotiating = setTimeout(() => this.negotiated(d), NEGOTIATION_TIMEOUT_MS);
  }

  /** The device answered (or gave up): apply what changed meanwhile. */
  private negotiated(d: Device): void {
    if (d.negotiating) clearTimeout(d.negotiating);
    d.negotiating = null;
    if (d.dirty) this.refresh(d);
  }

  private onPublisherEvent(deviceId: string, e: JanusEvent): void {
    if (e.janus === 'event') return;
    this.events.onMediaEvent?.(deviceId, 'up', e);
    const d = this.devices.get(deviceId);
    if (!d || d.gone) return;
    if (e.janus === 'webrtcup' && !d.live) {
      d.live = true;
      if (d.published.length) this.refreshOthers(d);
    } else if (e.janus === 'hangup' && d.live) {
      // Janus closed the publisher's PeerConnection: its streams are gone from the others.
      d.live = false;
      d.published = [];
      for (const other of this.devices.values()) {
        for (const key of [...other.subscribed]) if (key.startsWith(`${d.feedId}|`)) other.subscribed.delete(key);
      }
    }
  }

  /**
   * Janus offers (attached, updated, restart, or a publisher gone): rewrite the msids and send it
   * down. The names come from what the device's subscription is known to carry: each event that
   * lists the streams updates them, and an offer without the list (an ICE restart's `configured`)
   * keeps them.
   */
  private onSubscriberEvent(d: Device, e: JanusEvent): void {
    if (e.janus !== 'event') {
      this.events.onMediaEvent?.(d.who.deviceId, 'down', e);
      return;
    }
    const streams = e.plugindata?.data['streams'];
    if (Array.isArray(streams)) this.learnNames(d, streams as JanusSubscriberStream[]);
    const jsep: Jsep | undefined = e.jsep;
    if (!jsep || jsep.type !== 'offer' || d.gone) return;
    if (!d.negotiating) this.startNegotiation(d);
    this.send(d.who, { kind: 'offer', pc: 'down', sdp: rewriteMsids(jsep.sdp, d.names) });
  }

  /** Each listed m-line (mid) is named after the device and slot of the feed it carries, or forgotten. */
  private learnNames(d: Device, streams: JanusSubscriberStream[]): void {
    for (const s of streams) {
      if (s.mid === undefined) continue;
      const owner = [...this.devices.values()].find((o) => o.feedId === s.feed_id);
      const deviceId = owner?.who.deviceId ?? s.feed_display;
      const slot =
        owner?.published.find((p) => p.mid === s.feed_mid)?.slot ??
        UPSTREAM_SLOTS.find((x) => x === s.feed_description);
      if (s.feed_id === undefined || !deviceId || !slot) {
        d.names.delete(s.mid);
        continue;
      }
      d.names.set(s.mid, { streamId: forwardedStreamId(deviceId, slot), trackId: `${deviceId}-${slot}` });
    }
  }
}
