// The group call media scenario over a real server, shared by the werift and the Janus SFU tests:
// four devices joined through call.invite / call.accept over their WebSockets, each a werift peer
// driven by the SDK's SfuCallSession. Everyone receives the others' audio and video; a late joiner
// receives everyone; a screen share shows up as `deviceId:screen` once call.state says so; hanging
// up drops the device from the others and its media stops. And an ICE restart in a three-device
// call: one device restarts ICE (a network change), new credentials on both ends of each of its
// connections, and media flows again both ways.
import type { Call } from '@anytime/protocol';
import { expect } from 'vitest';
import { MediaStream, MediaStreamTrack } from 'werift';
import type { TestServer } from '../testing.js';
import { group, registerUser, WsClient, type TestUser } from './harness.js';
import { grows, RtpGenerator, TestParticipant, until, wsDeps } from './sfu-participant.js';
import { invite, stateOf } from './call-frames.js';
import { everyoneReceives } from './sfu-room.js';

export interface ScenarioResult {
  call: Call;
  /** Sockets and participants still open (the caller closes them, or ends the call first). */
  sockets: WsClient[];
  participants: TestParticipant[];
}

/** Waits until `count` devices of the call have reported (or the SFU has) their media 'connected'. */
export async function mediaConnected(s: TestServer, callId: string, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const rows = await s.server.ctx.storage.read
      .selectFrom('call_participants')
      .select('media_state')
      .where('call_id', '=', callId)
      .where('left_at', 'is', null)
      .execute();
    if (rows.filter((r) => r.media_state === 'connected').length >= count) return;
    if (Date.now() > deadline) throw new Error(`media states: ${rows.map((r) => String(r.media_state)).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `count` users in a group, each with a socket; the first invites to a video call. */
async function groupCall(s: TestServer, count: number, stops: (() => void)[]) {
  const users = await Promise.all(Array.from({ length: count }, () => registerUser(s.url)));
  const [first, ...rest] = users as [TestUser, ...TestUser[]];
  const conv = await group(s.url, first, rest, 'media');
  const sockets = await Promise.all(users.map((u) => WsClient.connect(s.url, u.token)));
  stops.push(() => sockets.forEach((w) => w.close()));
  const call: Call = await invite(sockets[0]!, conv, 'video');
  expect(call.topology).toBe('sfu');
  /** The i-th user's device joins with a werift session (all but the caller accept first). */
  const join = (i: number) => {
    const u = users[i]!;
    const ws = sockets[i]!;
    const who = { userId: u.user.id, deviceId: u.deviceId };
    const p = new TestParticipant(who, call, wsDeps(ws, who, call.id));
    stops.push(() => p.stop());
    if (i > 0) ws.send({ type: 'call.accept', callId: call.id });
    return p;
  };
  return { users, sockets, call, join };
}

/** Every one of `ps` receives every other's audio and video (bytes grow). */
export async function fourDeviceGroupCall(s: TestServer, stops: (() => void)[]): Promise<ScenarioResult> {
  const { users, sockets, call, join } = await groupCall(s, 4, stops);
  const [b, d] = [users[1]!, users[3]!];
  const [wa, wb, wc] = sockets as [WsClient, WsClient, WsClient, WsClient];
  const pa = join(0);
  const pb = join(1);
  const pc = join(2);
  await stateOf(wa, call.id, (x) => x.participants.length === 3);
  const trio = [pa, pb, pc];
  await everyoneReceives(trio);

  // Every session reported its media connected (the server's 'failed' rule judges group calls too).
  await mediaConnected(s, call.id, trio.length);

  // The late joiner receives the three, and they receive it.
  const pd = join(3);
  for (const q of trio) {
    await grows(pd, `${q.who.deviceId}/video`);
    await grows(pd, `${q.who.deviceId}/audio`, 2_000);
    await grows(q, `${d.deviceId}/video`);
  }
  await until('everyone sees 3 remotes', () => [...trio, pd].every((p) => p.session.remotes().length === 3));

  // Screen share: an extra stream, listed once the server's call.state says screenSharing.
  const screen = new MediaStreamTrack({ kind: 'video' });
  const gen = new RtpGenerator(screen, { intervalMs: 30, bytes: 1_000, payloadType: 96, tsStep: 2_700 });
  stops.push(() => gen.stop());
  await pb.session.startScreenShare(new MediaStream([screen]) as unknown as globalThis.MediaStream);
  for (const q of [pa, pc, pd]) await grows(q, `${b.deviceId}:screen/video`);
  await until('screen listed', () =>
    [pa, pc, pd].every((p) => p.session.remotes().find((m) => m.deviceId === b.deviceId)?.screen != null),
  );

  // d hangs up: gone from the others' remotes, and no more of its media arrives.
  await pd.session.hangup();
  pd.stop();
  await stateOf(
    wa,
    call.id,
    (x) => x.participants.length === 3 && !x.participants.some((p) => p.deviceId === d.deviceId),
  );
  await until('d dropped', () => trio.every((p) => !p.session.remotes().some((m) => m.deviceId === d.deviceId)));
  await new Promise((r) => setTimeout(r, 1_000));
  const frozen = pa.bytesFrom(`${d.deviceId}/video`);
  await grows(pa, `${pc.who.deviceId}/video`);
  expect(pa.bytesFrom(`${d.deviceId}/video`)).toBe(frozen);
  expect(pd.session.connectionState()).toBe('closed');
  return { call, sockets: [wa, wb, wc], participants: trio };
}

/**
 * Three devices in a call; the second restarts ICE (what its session does on a network change).
 * Each of its connections gets new ICE credentials on both ends, its media reaches the others
 * again and theirs reaches it, and every device still reports its media connected.
 */
export async function groupCallIceRestart(s: TestServer, stops: (() => void)[]): Promise<ScenarioResult> {
  const { sockets, call, join } = await groupCall(s, 3, stops);
  const trio = [join(0), join(1), join(2)];
  await stateOf(sockets[0]!, call.id, (x) => x.participants.length === 3);
  await everyoneReceives(trio);
  await mediaConnected(s, call.id, trio.length);

  const [pa, pb, pc] = trio as [TestParticipant, TestParticipant, TestParticipant];
  const before = pb.iceUfrags();
  expect(before.every((u) => /^[^|]+\|[^|]+$/.test(u))).toBe(true);
  await pb.session.restartIce();
  // New credentials on this side and the SFU's, on every connection (werift drops the old pair
  // at once: whatever arrives from here on came over the restarted connection).
  await until('new ICE credentials on both ends', () => {
    const now = pb.iceUfrags();
    return now.every((u, i) => {
      const [local, remote] = u.split('|');
      const [oldLocal, oldRemote] = before[i]!.split('|');
      return local !== oldLocal && remote !== oldRemote;
    });
  });
  for (const q of [pa, pc]) {
    await grows(pb, `${q.who.deviceId}/audio`, 2_000);
    await grows(pb, `${q.who.deviceId}/video`);
    await grows(q, `${pb.who.deviceId}/audio`, 2_000);
    await grows(q, `${pb.who.deviceId}/video`);
  }
  await until('connected again', () => pb.session.connectionState() === 'connected', 10_000);
  await everyoneReceives(trio);
  await mediaConnected(s, call.id, trio.length);
  return { call, sockets, participants: trio };
}
