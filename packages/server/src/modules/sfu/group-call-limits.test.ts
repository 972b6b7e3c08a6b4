// The SFU's limits as clients see them on a real server (this backend's database): a group call
// refuses the device beyond CALL_MAX_PARTICIPANTS with call_full and keeps the others; with
// CALLS_SFU=off a group invite answers calls_unavailable at once (nothing rings) while 1:1 calls,
// which need no SFU, still work.
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackend, type TestServer } from '../../testing.js';
import { direct, group, registerUser, WsClient, type TestUser } from '../../test-support/harness.js';
import { errorOf, invite, pause, stateOf } from '../../test-support/call-frames.js';

const servers: TestServer[] = [];
const sockets: WsClient[] = [];
afterAll(async () => {
  for (const w of sockets) w.close();
  for (const s of servers) await s.close();
});

async function people(s: TestServer, n: number) {
  const users = await Promise.all(Array.from({ length: n }, () => registerUser(s.url)));
  const ws = await Promise.all(users.map((u) => WsClient.connect(s.url, u.token)));
  sockets.push(...ws);
  return { users: users as TestUser[], ws };
}

describe(`SFU limits on ${testBackend()}`, () => {
  it('refuses the device beyond CALL_MAX_PARTICIPANTS with call_full', async () => {
    const s = await startTestServer({ env: { CALL_MAX_PARTICIPANTS: '2', CALL_RING_SECONDS: '120' } });
    servers.push(s);
    const { users, ws } = await people(s, 3);
    const [a, b, c] = users as [TestUser, TestUser, TestUser];
    const [wa, wb, wc] = ws as [WsClient, WsClient, WsClient];
    const conv = await group(s.url, a, [b, c], 'small');
    const call = await invite(wa, conv);
    wb.send({ type: 'call.accept', callId: call.id });
    await stateOf(wa, call.id, (x) => x.participants.length === 2);
    wc.send({ type: 'call.accept', callId: call.id });
    await errorOf(wc, 'call_full');
    await pause(300);
    const latest = await stateOf(wa, call.id, (x) => x.participants.length === 2);
    expect(latest.participants.map((p) => p.deviceId).sort()).toEqual([a.deviceId, b.deviceId].sort());
    expect(
      wa.frames.some(
        (f) => f.type === 'call.state' && (f['call'] as { participants: unknown[] }).participants.length > 2,
      ),
    ).toBe(false);
  });

  it('with CALLS_SFU=off, group invites answer calls_unavailable and nothing rings', async () => {
    const s = await startTestServer({ env: { CALLS_SFU: 'off' } });
    servers.push(s);
    const { users, ws } = await people(s, 2);
    const [a, b] = users as [TestUser, TestUser];
    const [wa, wb] = ws as [WsClient, WsClient];
    const conv = await group(s.url, a, [b], 'no sfu');
    await expect(invite(wa, conv)).rejects.toThrow(/calls_unavailable/);
    await pause(300);
    expect(wb.frames.some((f) => f.type === 'call.ring')).toBe(false);
    // A 1:1 call needs no SFU.
    const oneToOne = await invite(wa, await direct(s.url, a, b));
    expect(oneToOne).toMatchObject({ topology: 'p2p', status: 'ringing' });
  });
});
