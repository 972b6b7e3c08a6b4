// 1:1 calls over the socket, on the backend under test: every device of the callee rings and the
// caller's other devices see the call; the first device to answer gets it (a second answer gets
// call_ended) and the others stop ringing; signals reach the one device they name, in the order
// sent; hanging up
// leaves a "call, duration" message; decline, cancel and busy end the call with their own
// message; the same clientId answers with the same call; the log and GET /v1/calls/:id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackend, type TestServer } from '../../testing.js';
import { api, direct, loginUser, registerUser } from '../../test-support/harness.js';
import {
  callMessages,
  errorOf,
  invite,
  pause,
  ringOf,
  seen,
  socketsTo,
  stateOf,
  untilCallMessages,
} from '../../test-support/call-frames.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { CALL_RING_SECONDS: '60' } });
});
afterAll(() => s?.close());

const connect = socketsTo(() => s);

async function pair() {
  const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
  const conv = await direct(s.url, a, b);
  return { a, b, conv };
}

describe(`1:1 calls on ${testBackend()}`, () => {
  it('ring every callee device; the first answer wins, the others stop ringing; signals go to one device; hangup leaves the duration', async () => {
    const { a, b, conv } = await pair();
    const [a2, b2] = await Promise.all([loginUser(s.url, a), loginUser(s.url, b)]);
    const [wa, wa2, wb, wb2] = await Promise.all([connect(a), connect(a2), connect(b), connect(b2)]);
    const call = await invite(wa, conv, 'video');
    expect(call).toMatchObject({
      conversationId: conv,
      topology: 'p2p',
      media: 'video',
      callerId: a.user.id,
      callerDeviceId: a.deviceId,
      status: 'ringing',
      ringing: [b.user.id],
    });
    expect(call.participants.map((p) => p.deviceId)).toEqual([a.deviceId]);
    // Both of b's devices ring; a's other device sees the call (and does not ring).
    for (const ws of [wb, wb2]) expect((await ringOf(ws, call.id)).id).toBe(call.id);
    await stateOf(wa2, call.id, (c) => c.status === 'ringing');
    expect(wa2.frames.some((f) => f.type === 'call.ring')).toBe(false);

    wb.send({ type: 'call.accept', callId: call.id });
    const active = await stateOf(wa, call.id, (c) => c.status === 'active');
    expect(active.ringing).toEqual([]);
    expect(active.answeredAt).not.toBeNull();
    expect(active.participants.map((p) => p.deviceId).sort()).toEqual([a.deviceId, b.deviceId].sort());
    // b's other device stops ringing: it sees the call active with nobody ringing.
    await stateOf(wb2, call.id, (c) => c.status === 'active' && c.ringing.length === 0);
    // A second answer from b's other device is refused and changes nothing.
    wb2.send({ type: 'call.accept', callId: call.id });
    await errorOf(wb2, 'call_ended');

    // Signals: to the named device only.
    const offer = { kind: 'offer', sdp: 'v=0 offer' };
    wa.send({ type: 'call.signal', callId: call.id, toDeviceId: b.deviceId, signal: offer });
    const got = await seen(wb, (f) => f.type === 'call.signal');
    expect(got).toEqual({
      type: 'call.signal',
      callId: call.id,
      fromUserId: a.user.id,
      fromDeviceId: a.deviceId,
      signal: offer,
    });
    wb.send({
      type: 'call.signal',
      callId: call.id,
      toDeviceId: a.deviceId,
      signal: {
        kind: 'candidate',
        candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0' },
      },
    });
    await seen(wa, (f) => f.type === 'call.signal' && f['fromDeviceId'] === b.deviceId);
    // b's other device is not in the call: it may not signal, and received nothing.
    wb2.send({ type: 'call.signal', callId: call.id, toDeviceId: a.deviceId, signal: offer });
    await errorOf(wb2, 'call_not_found');
    await pause(200);
    for (const ws of [wa2, wb2]) expect(ws.frames.some((f) => f.type === 'call.signal')).toBe(false);

    // Signals from one device reach the other in the order they were sent (an answer overtaken by
    // the next offer looks like glare to the other side, and the call's negotiation stalls), even
    // though each relay reads the call from the database.
    const sent = Array.from({ length: 60 }, (_, i) => `candidate:${i} 1 udp 1 127.0.0.1 ${6000 + i} typ host`);
    for (const candidate of sent) {
      wa.send({
        type: 'call.signal',
        callId: call.id,
        toDeviceId: b.deviceId,
        signal: { kind: 'candidate', candidate: { candidate, sdpMid: '0' } },
      });
    }
    const relayed = () =>
      wb.frames
        .filter((f) => f.type === 'call.signal')
        .map((f) => (f['signal'] as { candidate?: { candidate: string } }).candidate?.candidate)
        .filter((c) => c?.includes(' 127.0.0.1 6'));
    await seen(wb, () => relayed().length === sent.length);
    expect(relayed()).toEqual(sent);

    // Mute: everyone in the call sees it.
    wb.send({ type: 'call.update', callId: call.id, muted: true, handRaised: true });
    const muted = await stateOf(wa, call.id, (c) => c.participants.some((p) => p.muted));
    expect(muted.participants.find((p) => p.deviceId === b.deviceId)).toMatchObject({
      muted: true,
      handRaised: true,
      cameraOff: false,
      screenSharing: false,
    });

    await pause(300);
    wa.send({ type: 'call.hangup', callId: call.id });
    const ended = await stateOf(wb, call.id, (c) => c.status === 'ended');
    expect(ended).toMatchObject({ endReason: 'hangup', participants: [], ringing: [] });
    await stateOf(wb2, call.id, (c) => c.status === 'ended');
    const [summary] = await untilCallMessages(s.url, b, conv, 1);
    expect(summary).toMatchObject({ callId: call.id, media: 'video', outcome: 'completed' });
    expect(summary!.durationMs).toBeGreaterThanOrEqual(250);
    expect(summary!.durationMs).toBe(Date.parse(ended.endedAt!) - Date.parse(ended.answeredAt!));
    // The message reached every device as an event, and counts as unread for b.
    await seen(wb2, (f) => f.type === 'message.created' && (f['message'] as { system: unknown }).system !== null);
    const list = await api(s.url, 'GET', '/v1/conversations', { token: b.token });
    const c = (list.body.conversations as { id: string; unreadCount?: number }[]).find((x) => x.id === conv);
    if (c?.unreadCount !== undefined) expect(c.unreadCount).toBeGreaterThanOrEqual(1);

    // Acting on the ended call: call_ended.
    wa.send({ type: 'call.hangup', callId: call.id });
    await errorOf(wa, 'call_ended');

    // The log and the call itself.
    const log = await api(s.url, 'GET', '/v1/calls', { token: b.token });
    expect(log.status).toBe(200);
    expect(log.body.calls[0]).toMatchObject({ id: call.id, status: 'ended', endReason: 'hangup' });
    const one = await api(s.url, 'GET', `/v1/calls/${call.id}`, { token: a.token });
    expect(one.body.call).toEqual(log.body.calls[0]);
    const outsider = await registerUser(s.url);
    const hidden = await api(s.url, 'GET', `/v1/calls/${call.id}`, { token: outsider.token });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('call_not_found');
  });

  it('decline ends the call as declined on every device', async () => {
    const { a, b, conv } = await pair();
    const b2 = await loginUser(s.url, b);
    const [wa, wb, wb2] = await Promise.all([connect(a), connect(b), connect(b2)]);
    const call = await invite(wa, conv, 'audio');
    await ringOf(wb2, call.id);
    wb2.send({ type: 'call.decline', callId: call.id });
    expect(await stateOf(wa, call.id, (c) => c.status === 'ended')).toMatchObject({
      endReason: 'declined',
      answeredAt: null,
    });
    await stateOf(wb, call.id, (c) => c.status === 'ended');
    expect(await untilCallMessages(s.url, a, conv, 1)).toEqual([
      { callId: call.id, media: 'audio', outcome: 'declined', durationMs: 0 },
    ]);
    wb.send({ type: 'call.accept', callId: call.id });
    await errorOf(wb, 'call_ended');
  });

  it('the caller hanging up before an answer cancels: a missed call for the callee', async () => {
    const { a, b, conv } = await pair();
    const [wa, wb] = await Promise.all([connect(a), connect(b)]);
    const call = await invite(wa, conv);
    await ringOf(wb, call.id);
    wa.send({ type: 'call.hangup', callId: call.id });
    expect(await stateOf(wb, call.id, (c) => c.status === 'ended')).toMatchObject({
      endReason: 'cancelled',
      ringing: [],
    });
    expect(await untilCallMessages(s.url, b, conv, 1)).toEqual([
      { callId: call.id, media: 'video', outcome: 'missed', durationMs: 0 },
    ]);
  });

  it('a callee already in a call is busy: the new call ends at once and leaves a busy message', async () => {
    const { a, b, conv } = await pair();
    const c = await registerUser(s.url);
    const conv2 = await direct(s.url, c, b);
    const [wa, wb, wc] = await Promise.all([connect(a), connect(b), connect(c)]);
    const first = await invite(wa, conv);
    await ringOf(wb, first.id);
    wb.send({ type: 'call.accept', callId: first.id });
    await stateOf(wa, first.id, (x) => x.status === 'active');
    const second = await invite(wc, conv2);
    expect(second).toMatchObject({ status: 'ended', endReason: 'busy' });
    expect(await untilCallMessages(s.url, b, conv2, 1)).toEqual([
      { callId: second.id, media: 'video', outcome: 'busy', durationMs: 0 },
    ]);
    await pause(200);
    expect(wb.frames.some((f) => f.type === 'call.ring' && (f['call'] as { id: string }).id === second.id)).toBe(false);
    // The first call goes on.
    expect((await api(s.url, 'GET', `/v1/calls/${first.id}`, { token: a.token })).body.call.status).toBe('active');
    wa.send({ type: 'call.hangup', callId: first.id });
    await stateOf(wb, first.id, (x) => x.status === 'ended');
  });

  it('the same clientId answers with the same call and rings nobody again; another conversation: conflict', async () => {
    const { a, b, conv } = await pair();
    const [wa, wb] = await Promise.all([connect(a), connect(b)]);
    // A device that connects while a call rings is rung again (CallService.connected, after
    // 'synced'): the first frame it sends is answered only once that is done, so a pong means
    // that every ring from now on comes from an invite.
    wb.send({ type: 'ping', nonce: 'set-up' });
    await seen(wb, (f) => f.type === 'pong' && f['nonce'] === 'set-up');
    const frame = { type: 'call.invite', clientId: 'same-call-1', conversationId: conv, media: 'audio' };
    wa.send(frame);
    const first = (await seen(wa, (f) => f.type === 'call.state' && f['clientId'] === 'same-call-1'))['call'] as {
      id: string;
    };
    await ringOf(wb, first.id);
    wa.send(frame);
    await pause(300);
    const replies = wa.frames.filter((f) => f.type === 'call.state' && f['clientId'] === 'same-call-1');
    expect(replies).toHaveLength(2);
    expect((replies[1]!['call'] as { id: string }).id).toBe(first.id);
    expect(wb.frames.filter((f) => f.type === 'call.ring')).toHaveLength(1);
    const other = await registerUser(s.url);
    const conv2 = await direct(s.url, a, other);
    wa.send({ ...frame, conversationId: conv2 });
    await errorOf(wa, 'client_id_conflict');
    const rows = await s.server.ctx.storage.read
      .selectFrom('calls')
      .select('id')
      .where('caller_id', '=', a.user.id)
      .execute();
    expect(rows).toHaveLength(1);
    wa.send({ type: 'call.hangup', callId: first.id });
    await stateOf(wb, first.id, (x) => x.status === 'ended');
  });

  it('a device that connects while its user is rung rings too; a device in a call that reconnects gets the state', async () => {
    const { a, b, conv } = await pair();
    const wa = await connect(a);
    const call = await invite(wa, conv);
    const b2 = await loginUser(s.url, b);
    const wb2 = await connect(b2);
    expect((await ringOf(wb2, call.id)).status).toBe('ringing');
    wb2.send({ type: 'call.accept', callId: call.id });
    await stateOf(wa, call.id, (c) => c.status === 'active');
    wb2.close();
    const again = await connect(b2);
    expect((await stateOf(again, call.id)).status).toBe('active');
    expect(again.frames.some((f) => f.type === 'call.ring')).toBe(false);
    again.send({ type: 'call.hangup', callId: call.id });
    await stateOf(wa, call.id, (c) => c.status === 'ended' && c.endReason === 'hangup');
  });

  it('refuses non-members, blocked users, unknown calls, strangers and bad frames, changing nothing', async () => {
    const { a, b, conv } = await pair();
    const outsider = await registerUser(s.url);
    const [wa, wb, wo] = await Promise.all([connect(a), connect(b), connect(outsider)]);
    wo.send({ type: 'call.invite', clientId: 'x-1', conversationId: conv, media: 'audio' });
    expect((await seen(wo, (f) => f.type === 'error' && f['clientId'] === 'x-1'))['error']).toMatchObject({
      code: 'not_found',
    });

    const call = await invite(wa, conv);
    await ringOf(wb, call.id);
    for (const f of [
      { type: 'call.accept', callId: call.id },
      { type: 'call.decline', callId: call.id },
      { type: 'call.hangup', callId: call.id },
      { type: 'call.update', callId: call.id, muted: true },
      { type: 'call.signal', callId: call.id, toDeviceId: a.deviceId, signal: { kind: 'offer', sdp: 'x' } },
    ]) {
      wo.send(f);
      await errorOf(wo, 'call_not_found');
      wo.frames.length = 0;
    }
    wa.send({ type: 'call.accept', callId: 'no-such-call' });
    await errorOf(wa, 'call_not_found');
    // Signals to a device not in the call (b is still ringing): refused.
    wa.send({ type: 'call.signal', callId: call.id, toDeviceId: b.deviceId, signal: { kind: 'offer', sdp: 'x' } });
    await errorOf(wa, 'call_not_found');
    for (const bad of [
      { type: 'call.invite', clientId: 'x-2', conversationId: conv, media: 'hologram' },
      { type: 'call.invite', conversationId: conv, media: 'audio' },
      {
        type: 'call.signal',
        callId: call.id,
        toDeviceId: b.deviceId,
        signal: { kind: 'offer', sdp: 'x'.repeat(100_001) },
      },
      { type: 'call.signal', callId: call.id, toDeviceId: b.deviceId, signal: { kind: 'bye' } },
      { type: 'call.update', callId: call.id, muted: 'yes' },
      { type: 'call.accept' },
    ]) {
      wa.frames.length = 0;
      wa.send(bad);
      await errorOf(wa, 'invalid_request');
    }
    wa.send('{"type":"call.accept",');
    await errorOf(wa, 'invalid_json');
    expect((await api(s.url, 'GET', `/v1/calls/${call.id}`, { token: a.token })).body.call).toMatchObject({
      status: 'ringing',
      ringing: [b.user.id],
    });
    wa.send({ type: 'call.hangup', callId: call.id });
    await stateOf(wb, call.id, (c) => c.status === 'ended');

    // A block either way: no calls, no row.
    const block = await api(s.url, 'POST', '/v1/blocks', { token: b.token, body: { userId: a.user.id } });
    expect(block.status).toBeLessThan(300);
    wa.send({ type: 'call.invite', clientId: 'x-3', conversationId: conv, media: 'audio' });
    expect((await seen(wa, (f) => f.type === 'error' && f['clientId'] === 'x-3'))['error']).toMatchObject({
      code: 'blocked',
    });
    expect(await callMessages(s.url, a, conv)).toHaveLength(1);
    const rows = await s.server.ctx.storage.read
      .selectFrom('calls')
      .select('id')
      .where('conversation_id', '=', conv)
      .execute();
    expect(rows).toHaveLength(1);
  });
});
