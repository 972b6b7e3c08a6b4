// A group call's media end to end on a real server (this backend's database, the werift SFU that
// app.ts starts by default): four devices joined through call.invite / call.accept over their
// WebSockets, each a werift peer driven by the SDK's SfuCallSession. Everyone receives the others'
// audio and video; a late joiner receives everyone; a screen share shows up as an extra stream once
// call.state says so; hanging up drops the device from the others.
import type { Call } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaStream, MediaStreamTrack } from 'werift';
import { startTestServer, testBackend, type TestServer } from '../../testing.js';
import { group, registerUser, WsClient, type TestUser } from '../../test-support/harness.js';
import { grows, RtpGenerator, TestParticipant, until, wsDeps } from '../../test-support/sfu-participant.js';
import { invite, stateOf } from '../../test-support/call-frames.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { CALL_RING_SECONDS: '120' } });
});
const stops: (() => void)[] = [];
afterAll(async () => {
  for (const stop of stops) stop();
  await s?.close();
});

describe(`group call media through the SFU on ${testBackend()}`, () => {
  it('four devices exchange audio and video; late join, screen share and hang up', async () => {
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
    await new Promise((r) => setTimeout(r, 500));
    const frozen = pa.bytesFrom(`${d.deviceId}/video`);
    await grows(pa, `${c.deviceId}/video`);
    expect(pa.bytesFrom(`${d.deviceId}/video`)).toBe(frozen);
    expect(pd.session.connectionState()).toBe('closed');
  }, 400_000);
});
