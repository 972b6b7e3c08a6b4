// The calls' clock on the backend under test, with short settings: an unanswered 1:1 call times
// out into a missed call (the sweeper, from the database); a group call stops ringing those who
// did not answer but goes on; a device whose socket closes leaves after CALL_RECONNECT_SECONDS
// unless it comes back in time; the sweeper also acts when no socket of the caller is left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackend, type TestServer } from '../../testing.js';
import { api, direct, group, registerUser } from '../../test-support/harness.js';
import { invite, pause, ringOf, socketsTo, stateOf, untilCallMessages } from '../../test-support/call-frames.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({
    env: { CALL_RING_SECONDS: '2', CALL_RECONNECT_SECONDS: '2', CALL_SWEEP_INTERVAL_MS: '100' },
  });
});
afterAll(() => s?.close());

const connect = socketsTo(() => s);

describe(`call timers on ${testBackend()}`, () => {
  it('an unanswered call times out: ended timeout, a missed call in the chat, ringing stops', async () => {
    const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const conv = await direct(s.url, a, b);
    const [wa, wb] = await Promise.all([connect(a), connect(b)]);
    const call = await invite(wa, conv, 'audio');
    await ringOf(wb, call.id);
    const t0 = Date.now();
    const ended = await stateOf(wb, call.id, (c) => c.status === 'ended', 15_000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_000);
    expect(ended).toMatchObject({ endReason: 'timeout', ringing: [], participants: [] });
    await stateOf(wa, call.id, (c) => c.status === 'ended');
    expect(await untilCallMessages(s.url, b, conv, 1)).toEqual([
      { callId: call.id, media: 'audio', outcome: 'missed', durationMs: 0 },
    ]);
    const rung = await s.server.ctx.storage.read
      .selectFrom('call_rung')
      .selectAll()
      .where('call_id', '=', call.id)
      .execute();
    expect(rung).toEqual([{ call_id: call.id, user_id: b.user.id, state: 'missed' }]);
  });

  it('times out also when the caller is gone (the sweeper works from the database)', async () => {
    const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const conv = await direct(s.url, a, b);
    const [wa, wb] = await Promise.all([connect(a), connect(b)]);
    const call = await invite(wa, conv);
    await ringOf(wb, call.id);
    wa.close();
    const ended = await stateOf(wb, call.id, (c) => c.status === 'ended', 15_000);
    // Whichever came first: the ring ran out, or the caller's reconnect grace (both 2 s).
    expect(['timeout', 'cancelled']).toContain(ended.endReason);
    expect((await untilCallMessages(s.url, b, conv, 1))[0]).toMatchObject({ outcome: 'missed' });
  });

  it('a group call stops ringing those who did not answer, and goes on', async () => {
    const [a, b, c] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const g = await group(s.url, a, [b, c], 'timers');
    const [wa, wb, wc] = await Promise.all([connect(a), connect(b), connect(c)]);
    const call = await invite(wa, g);
    expect(call.topology).toBe('sfu');
    await ringOf(wc, call.id);
    wb.send({ type: 'call.accept', callId: call.id });
    await stateOf(wa, call.id, (x) => x.status === 'active');
    const after = await stateOf(wc, call.id, (x) => x.status === 'active' && x.ringing.length === 0, 15_000);
    expect(after.participants).toHaveLength(2);
    // c may still join the call after its ringing ended.
    wc.send({ type: 'call.accept', callId: call.id });
    await stateOf(wa, call.id, (x) => x.participants.length === 3);
    for (const ws of [wa, wb, wc]) ws.send({ type: 'call.hangup', callId: call.id });
    const ended = await stateOf(wa, call.id, (x) => x.status === 'ended');
    expect(ended.endReason).toBe('hangup');
    expect((await untilCallMessages(s.url, c, g, 1))[0]).toMatchObject({ outcome: 'completed' });
  });

  it('a device that comes back within the grace stays in the call; one that does not leaves (1:1: the call ends)', async () => {
    const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const conv = await direct(s.url, a, b);
    const [wa, wb] = await Promise.all([connect(a), connect(b)]);
    const call = await invite(wa, conv);
    await ringOf(wb, call.id);
    wb.send({ type: 'call.accept', callId: call.id });
    await stateOf(wa, call.id, (x) => x.status === 'active');
    // Back within the grace: nothing changes.
    wb.close();
    await pause(800);
    const wb2 = await connect(b);
    await stateOf(wb2, call.id, (x) => x.status === 'active');
    await pause(3_000);
    expect((await api(s.url, 'GET', `/v1/calls/${call.id}`, { token: a.token })).body.call.status).toBe('active');
    // Gone for longer than the grace: b leaves, which ends a 1:1 call.
    wb2.close();
    const ended = await stateOf(wa, call.id, (x) => x.status === 'ended', 15_000);
    expect(ended.endReason).toBe('hangup');
    expect((await untilCallMessages(s.url, a, conv, 1))[0]).toMatchObject({ outcome: 'completed' });
  });

  it('a device whose node died (its presence went stale) leaves after the grace', async () => {
    const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const conv = await direct(s.url, a, b);
    const [wa, wb] = await Promise.all([connect(a), connect(b)]);
    const call = await invite(wa, conv);
    await ringOf(wb, call.id);
    wb.send({ type: 'call.accept', callId: call.id });
    await stateOf(wa, call.id, (x) => x.status === 'active');
    // As if b's device were carried by a node that died long ago: no socket close ever came.
    const old = new Date(Date.now() - 3_600_000).toISOString();
    await s.server.ctx.storage.write((tx) =>
      tx.db
        .updateTable('call_participants')
        .set({ node_id: 'dead-node', connection: 'dead-node/1', joined_at: old })
        .where('call_id', '=', call.id)
        .where('device_id', '=', b.deviceId)
        .execute(),
    );
    const ended = await stateOf(wa, call.id, (x) => x.status === 'ended', 15_000);
    expect(ended.endReason).toBe('hangup');
    // a's own device, on a live node, was never counted as gone.
    const rows = await s.server.ctx.storage.read
      .selectFrom('call_participants')
      .select(['device_id', 'disconnected_at'])
      .where('call_id', '=', call.id)
      .execute();
    expect(rows.find((r) => r.device_id === a.deviceId)?.disconnected_at).toBeNull();
    expect(rows.find((r) => r.device_id === b.deviceId)?.disconnected_at).not.toBeNull();
  });
});
