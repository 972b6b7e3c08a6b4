// The group call media scenario over a real server, shared by the werift and the Janus SFU tests:
// four devices joined through call.invite / call.accept over their WebSockets, each a werift peer
// driven by the SDK's SfuCallSession. Everyone receives the others' audio and video; a late joiner
// receives everyone; a screen share shows up as `deviceId:screen` once call.state says so; hanging
// up drops the device from the others and its media stops.
import type { Call } from '@anytime/protocol';
import { expect } from 'vitest';
import { MediaStream, MediaStreamTrack } from 'werift';
import type { TestServer } from '../testing.js';
import { group, registerUser, WsClient, type TestUser } from './harness.js';
import { grows, RtpGenerator, TestParticipant, until, wsDeps } from './sfu-participant.js';
import { invite, stateOf } from './call-frames.js';

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

export async function fourDeviceGroupCall(s: TestServer, stops: (() => void)[]): Promise<ScenarioResult> {
  const users = await Promise.all([1, 2, 3, 4].map(() => registerUser(s.url)));
  const [a, b, c, d] = users as [TestUser, TestUser, TestUser, TestUser];
  const conv = await group(s.url, a, [b, c, d], 'media');
  const sockets = await Promise.all(users.map((u) => WsClient.connect(s.url, u.token)));
  stops.push(() => sockets.forEach((w) => w.close()));
  const [wa, wb, wc, wd] = sockets as [WsClient, WsClient, WsClient, WsClient];
  const who = (u: TestUser) => ({ userId: u.user.id, deviceId: u.deviceId });

  const call: Call = await invite(wa, conv, 'video');
  expect(call.topology).toBe('sfu');
  const join = (u: TestUser, ws: WsClient, accept: boolean) => {
    const p = new TestParticipant(who(u), call, wsDeps(ws, who(u), call.id));
    stops.push(() => p.stop());
    if (accept) ws.send({ type: 'call.accept', callId: call.id });
    return p;
  };
  const pa = join(a, wa, false);
  const pb = join(b, wb, true);
  const pc = join(c, wc, true);
  await stateOf(wa, call.id, (x) => x.participants.length === 3);
  const trio = [pa, pb, pc];
  for (const p of trio) {
    for (const q of trio) {
      if (p === q) continue;
      await grows(p, `${q.who.deviceId}/audio`, 2_000);
      await grows(p, `${q.who.deviceId}/video`);
    }
  }

  // Every session reported its media connected (the server's 'failed' rule judges group calls too).
  await mediaConnected(s, call.id, trio.length);

  // The late joiner receives the three, and they receive it.
  const pd = join(d, wd, true);
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
  await grows(pa, `${c.deviceId}/video`);
  expect(pa.bytesFrom(`${d.deviceId}/video`)).toBe(frozen);
  expect(pd.session.connectionState()).toBe('closed');
  return { call, sockets: [wa, wb, wc], participants: trio };
}
