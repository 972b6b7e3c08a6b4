// The calls module at run time on one node: handles the six call frames of its sockets, delivers
// call frames to its local connections whatever node decided them (broker subject
// anytime.calls.frames), hosts the SFU sessions of the group calls started here (subject
// anytime.calls.sfu.<node>), re-rings devices that connect while rung, notes sockets that close
// while in a call, and runs the durable sweeper (calls-sweeper.ts).
import {
  SFU_DEVICE_ID,
  type Call,
  type CallSignal,
  type CallSignalFrame,
  type CallUpdateFrame,
  type ServerFrame,
  type CallInviteFrame,
} from '@anytime/protocol';
import { nowIso, type AppContext } from '../../context.js';
import type { Connection } from '../../gateway/connection.js';
import type { Router } from '../../gateway/router.js';
import type { AuthContext } from '../accounts/tokens.js';
import type { PushNotifier } from '../push/notifier.js';
import { acceptCall, declineCall, failCall, hangupCall, updateCall, type CallChange } from './call-actions.js';
import { startCallSweeper, type Sweeper } from './calls-sweeper.js';
import { reportMedia } from './media-failure.js';
import { inviteCall } from './invite.js';
import { callEnded, notInCall } from './locked-call.js';
import { audienceOf, involves, liveParticipant, loadCallRecord, loadCallRecords, toCall } from './rows.js';
import type { SfuFactory, SfuPeerMedia, SfuPort } from './sfu-port.js';
import { Turns } from '../../turns.js';

export const CALL_FRAMES_SUBJECT = 'anytime.calls.frames';
const sfuSubject = (node: string) => `anytime.calls.sfu.${node.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** A frame for local connections: every device of `users`, or one device. */
interface FrameNotice {
  frame: ServerFrame;
  users?: string[];
  device?: { userId: string; deviceId: string };
  /** A connection that already got the frame (with its clientId). */
  skip?: string;
}

type SfuOp =
  | { op: 'join'; callId: string; who: { userId: string; deviceId: string } }
  | { op: 'signal'; callId: string; fromDeviceId: string; signal: CallSignal }
  | { op: 'leave'; callId: string; deviceId: string }
  | { op: 'end'; callId: string };

export class CallService {
  private sfu: SfuPort | null = null;
  private push: PushNotifier | null = null;
  private sweeper: Sweeper | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  /** One call's SFU operations, in the order they were published. */
  private readonly sfuTurns = new Turns<string>();

  constructor(
    private readonly ctx: AppContext,
    private readonly router: Router,
  ) {
    this.unsubscribe.push(ctx.broker.subscribe(CALL_FRAMES_SUBJECT, (p) => this.deliver(p as FrameNotice)));
    this.unsubscribe.push(ctx.broker.subscribe(sfuSubject(ctx.config.nodeId), (p) => void this.onSfuOp(p as SfuOp)));
  }

  /** Starts the sweeper, with Web Push for incoming calls and this node's SFU (null: no group media here). */
  start(opts: { push: PushNotifier | null; sfu: SfuFactory | null }): void {
    this.push = opts.push;
    this.sfu = opts.sfu
      ? opts.sfu((callId, to, signal) => this.fromSfu(callId, to, signal), {
          log: this.ctx.log,
          onCallsLost: (ids) => {
            for (const id of ids) {
              void failCall(this.ctx, id)
                .then((c) => this.announce(c))
                .catch((err: unknown) => this.ctx.log.warn({ err, callId: id }, 'could not fail the call'));
            }
          },
          peerMedia: (callId, deviceId, state) => void this.sfuPeerMedia(callId, deviceId, state),
        })
      : null;
    this.sweeper = startCallSweeper(this.ctx, (c) => this.announce(c));
  }

  /** The key of a connection in call_participants.connection (unique across nodes). */
  connectionKey(conn: Connection): string {
    return `${this.ctx.config.nodeId}/${conn.id}`;
  }

  // ---- frames ----

  async invite(conn: Connection, frame: CallInviteFrame): Promise<void> {
    const sfuUp = this.sfu?.available?.() ?? true;
    const { rec, created } = await inviteCall(this.ctx, conn.auth, this.connectionKey(conn), frame, sfuUp);
    const call = toCall(rec);
    conn.send({ type: 'call.state', call, clientId: frame.clientId });
    if (!created) return;
    const key = this.connectionKey(conn);
    this.publish({ frame: { type: 'call.state', call }, users: audienceOf(rec), skip: key });
    if (call.status === 'ended') return; // busy
    if (rec.row.topology === 'sfu' && rec.row.sfu_node) {
      // The caller is in the call from the start: its SFU session starts now (the SFU offers).
      const who = { userId: conn.auth.userId, deviceId: conn.auth.deviceId };
      this.ctx.broker.publish(sfuSubject(rec.row.sfu_node), { op: 'join', callId: call.id, who } satisfies SfuOp);
    }
    this.publish({ frame: { type: 'call.ring', call }, users: call.ringing });
    this.push?.incomingCall(call, call.ringing);
  }

  async accept(conn: Connection, callId: string, clientId?: string): Promise<void> {
    await this.announce(await acceptCall(this.ctx, conn.auth, this.connectionKey(conn), callId), conn, clientId);
  }

  async decline(conn: Connection, callId: string, clientId?: string): Promise<void> {
    await this.announce(await declineCall(this.ctx, conn.auth, callId), conn, clientId);
  }

  async hangup(conn: Connection, callId: string, clientId?: string): Promise<void> {
    await this.announce(await hangupCall(this.ctx, conn.auth, callId), conn, clientId);
  }

  async update(conn: Connection, frame: CallUpdateFrame): Promise<void> {
    const { type: _t, callId, mediaState, ...flags } = frame;
    // The media report changes nothing the others see: no call.state for it.
    if (mediaState !== undefined) await reportMedia(this.ctx, conn.auth, callId, mediaState);
    if (mediaState === undefined || Object.keys(flags).length > 0) {
      await this.announce(await updateCall(this.ctx, conn.auth, callId, flags));
    }
  }

  /**
   * Relays a WebRTC message to one device in the call, or to the SFU hosting the call. A
   * connection's signals are relayed one after another, in the order they came: each relay reads
   * the call first, and two reads in flight at once may finish in either order (an answer
   * overtaken by the next offer looks like glare to the other side, which then ignores the offer).
   */
  signal(conn: Connection, frame: CallSignalFrame): Promise<void> {
    return conn.inOrder('call.signal', () => this.relay(conn.auth, frame));
  }

  private async relay(from: AuthContext, frame: CallSignalFrame): Promise<void> {
    const rec = await loadCallRecord(this.ctx.storage.read, frame.callId);
    if (!rec) throw notInCall();
    const here = liveParticipant(rec, from.deviceId);
    if (rec.row.status === 'ended') {
      if (rec.participants.some((p) => p.device_id === from.deviceId)) throw callEnded();
      throw notInCall();
    }
    if (!here) throw notInCall();
    if (frame.toDeviceId === SFU_DEVICE_ID) {
      if (rec.row.topology !== 'sfu' || !rec.row.sfu_node) throw notInCall();
      const op: SfuOp = { op: 'signal', callId: rec.row.id, fromDeviceId: from.deviceId, signal: frame.signal };
      this.ctx.broker.publish(sfuSubject(rec.row.sfu_node), op);
      return;
    }
    const to = liveParticipant(rec, frame.toDeviceId);
    if (!to || to.device_id === from.deviceId) throw notInCall();
    this.publish({
      frame: {
        type: 'call.signal',
        callId: rec.row.id,
        fromUserId: from.userId,
        fromDeviceId: from.deviceId,
        signal: frame.signal,
      },
      device: { userId: to.user_id, deviceId: to.device_id },
    });
  }

  // ---- connections ----

  /**
   * A device connected: it carries its calls again (cancelling the reconnect grace), gets their
   * state, and rings for calls its user is still rung for.
   */
  async connected(conn: Connection): Promise<void> {
    const db = this.ctx.storage.read;
    const mine = await db
      .selectFrom('call_participants')
      .select('call_id')
      .where('device_id', '=', conn.auth.deviceId)
      .where('left_at', 'is', null)
      .execute();
    if (mine.length > 0) {
      await this.ctx.storage.write((tx) =>
        tx.db
          .updateTable('call_participants')
          .set({ connection: this.connectionKey(conn), node_id: this.ctx.config.nodeId, disconnected_at: null })
          .where('device_id', '=', conn.auth.deviceId)
          .where('left_at', 'is', null)
          .execute(),
      );
    }
    const ringing = await db
      .selectFrom('call_rung as r')
      .innerJoin('calls as c', 'c.id', 'r.call_id')
      .select('r.call_id')
      .where('r.user_id', '=', conn.userId)
      .where('r.state', '=', 'ringing')
      .where('c.status', '<>', 'ended')
      .execute();
    const recs = await loadCallRecords(db, [...mine.map((m) => m.call_id), ...ringing.map((r) => r.call_id)]);
    for (const rec of recs) {
      if (rec.row.status === 'ended') continue;
      const call = toCall(rec);
      const inIt = liveParticipant(rec, conn.auth.deviceId);
      conn.send(inIt ? { type: 'call.state', call } : { type: 'call.ring', call });
    }
  }

  /** A socket closed: its device's calls start the reconnect grace (the sweeper ends it). */
  async disconnected(conn: Connection): Promise<void> {
    await this.ctx.storage.write((tx) =>
      tx.db
        .updateTable('call_participants')
        .set({ disconnected_at: nowIso() })
        .where('connection', '=', this.connectionKey(conn))
        .where('left_at', 'is', null)
        .execute(),
    );
  }

  // ---- delivery ----

  /** After a change committed: everyone concerned gets the call's state; the SFU hears of joins and leaves. */
  private async announce(change: CallChange, conn?: Connection, clientId?: string): Promise<void> {
    const { after } = change;
    const call = toCall(after);
    // The device that acted gets its reply first, with its clientId (and not the broadcast again).
    const replied = conn && clientId !== undefined ? this.connectionKey(conn) : undefined;
    if (conn && clientId !== undefined) conn.send({ type: 'call.state', call, clientId });
    // The SFU hears first, so a device that acts on the new state finds its session there.
    const node = after.row.sfu_node;
    if (after.row.topology === 'sfu' && node) {
      const subject = sfuSubject(node);
      if (change.ended) this.ctx.broker.publish(subject, { op: 'end', callId: call.id } satisfies SfuOp);
      else {
        for (const deviceId of change.left) {
          this.ctx.broker.publish(subject, { op: 'leave', callId: call.id, deviceId } satisfies SfuOp);
        }
        for (const who of change.joined)
          this.ctx.broker.publish(subject, { op: 'join', callId: call.id, who } satisfies SfuOp);
      }
    }
    this.publish({
      frame: { type: 'call.state', call },
      users: audienceOf(after),
      ...(replied !== undefined ? { skip: replied } : {}),
    });
  }

  private publish(notice: FrameNotice): void {
    this.ctx.broker.publish(CALL_FRAMES_SUBJECT, notice);
  }

  private deliver(n: FrameNotice): void {
    if (n.device) {
      for (const c of this.router.connectionsOf(n.device.userId)) {
        if (c.auth.deviceId === n.device.deviceId) c.send(n.frame);
      }
      return;
    }
    for (const u of n.users ?? []) {
      for (const c of this.router.connectionsOf(u)) {
        if (n.skip !== undefined && this.connectionKey(c) === n.skip) continue;
        c.send(n.frame);
      }
    }
  }

  /** The SFU of this node sends to a participant device, wherever it is connected. */
  private fromSfu(callId: string, to: { userId: string; deviceId: string }, signal: CallSignal): void {
    this.publish({
      frame: { type: 'call.signal', callId, fromUserId: SFU_DEVICE_ID, fromDeviceId: SFU_DEVICE_ID, signal },
      device: to,
    });
  }

  /** The SFU saw a participant's connection connect or fail: as if the device reported it (media-failure.ts). */
  private async sfuPeerMedia(callId: string, deviceId: string, state: SfuPeerMedia): Promise<void> {
    try {
      await reportMedia(this.ctx, { deviceId }, callId, state);
    } catch (err) {
      this.ctx.log.debug({ err, callId, deviceId, state }, 'sfu peer state after leaving');
    }
  }

  /** One call's SFU operations run one after the other, in the order they were published. */
  private onSfuOp(op: SfuOp): Promise<void> {
    return this.sfuTurns.run(op.callId, () => this.runSfuOp(op));
  }

  private async runSfuOp(op: SfuOp): Promise<void> {
    const sfu = this.sfu;
    if (!sfu) {
      if (op.op === 'join') this.ctx.log.warn({ callId: op.callId }, 'group call joined but this node runs no SFU');
      return;
    }
    try {
      switch (op.op) {
        case 'join':
          return await sfu.join(op.callId, op.who);
        case 'signal':
          return await sfu.signal(op.callId, op.fromDeviceId, op.signal);
        case 'leave':
          return await sfu.leave(op.callId, op.deviceId);
        case 'end':
          return await sfu.end(op.callId);
      }
    } catch (err) {
      this.ctx.log.warn({ err, callId: op.callId, op: op.op }, 'sfu operation failed');
    }
  }

  /** The call as the user may see it (GET /v1/calls/:id). */
  async visibleCall(userId: string, callId: string): Promise<Call> {
    const rec = await loadCallRecord(this.ctx.storage.read, callId);
    if (!rec || !involves(rec, userId)) throw notInCall();
    return toCall(rec);
  }

  async close(): Promise<void> {
    for (const u of this.unsubscribe.splice(0)) u();
    await this.sweeper?.stop();
    await this.sfu?.close();
  }
}
