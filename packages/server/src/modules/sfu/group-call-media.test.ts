// A group call's media end to end on a real server (this backend's database, the werift SFU that
// app.ts starts by default): the four-device scenario of test-support/group-call-scenario.ts, and
// the 'failed' rule in a group call: one device whose media fails does not end the call for the
// others, whose sessions report their media connected.
import type { Call } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackend, type TestServer } from '../../testing.js';
import { invite, pause, stateOf } from '../../test-support/call-frames.js';
import { fourDeviceGroupCall, mediaConnected } from '../../test-support/group-call-scenario.js';
import { api, group, registerUser, WsClient, type TestUser } from '../../test-support/harness.js';
import { TestParticipant, wsDeps } from '../../test-support/sfu-participant.js';

const CONNECT_SECONDS = 3;
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({
    env: {
      CALL_RING_SECONDS: '120',
      CALL_CONNECT_SECONDS: String(CONNECT_SECONDS),
      CALL_RECONNECT_SECONDS: String(CONNECT_SECONDS),
      CALL_SWEEP_INTERVAL_MS: '100',
    },
  });
});
const stops: (() => void)[] = [];
afterAll(async () => {
  for (const stop of stops) stop();
  await s?.close();
});

describe(`group call media through the SFU on ${testBackend()}`, () => {
  it('four devices exchange audio and video; late join, screen share and hang up', async () => {
    await fourDeviceGroupCall(s, stops);
  }, 400_000);

  it('one device whose media failed does not end the call for the others', async () => {
    const users = await Promise.all([1, 2, 3].map(() => registerUser(s.url)));
    const [a, b, c] = users as [TestUser, TestUser, TestUser];
    const conv = await group(s.url, a, [b, c], 'one fails');
    const sockets = await Promise.all(users.map((u) => WsClient.connect(s.url, u.token)));
    stops.push(() => sockets.forEach((w) => w.close()));
    const [wa, wb, wc] = sockets as [WsClient, WsClient, WsClient];
    const call: Call = await invite(wa, conv, 'video');
    const join = (u: TestUser, ws: WsClient) => {
      const who = { userId: u.user.id, deviceId: u.deviceId };
      const p = new TestParticipant(who, call, wsDeps(ws, who, call.id));
      stops.push(() => p.stop());
    };
    join(a, wa);
    wb.send({ type: 'call.accept', callId: call.id });
    join(b, wb);
    wc.send({ type: 'call.accept', callId: call.id });
    await stateOf(wa, call.id, (x) => x.participants.length === 3);
    // c's media failed for good (its session reports it; it never answers the SFU's offer).
    wc.send({ type: 'call.update', callId: call.id, mediaState: 'failed' });
    await mediaConnected(s, call.id, 2);
    await pause(CONNECT_SECONDS * 1000 + 1_500); // past CALL_CONNECT_SECONDS and CALL_RECONNECT_SECONDS
    const now = (await api(s.url, 'GET', `/v1/calls/${call.id}`, { token: a.token })).body.call as Call;
    expect(now).toMatchObject({ status: 'active', endReason: null });
    for (const ws of sockets) ws.send({ type: 'call.hangup', callId: call.id });
    expect((await stateOf(wa, call.id, (x) => x.status === 'ended')).endReason).toBe('hangup');
  }, 120_000);
});
