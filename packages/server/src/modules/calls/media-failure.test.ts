// Calls that fail honestly, on the backend under test with short settings: devices report their
// media connection (call.update mediaState); a call whose media never connects within
// CALL_CONNECT_SECONDS of the answer, or whose every reporting device stays failed past
// CALL_RECONNECT_SECONDS, ends 'failed' with a "failed" call message. A failure that recovers
// within the grace, and clients that never report, keep their call. Bad reports change nothing.
import type { Call } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackend, type TestServer } from '../../testing.js';
import { api, direct, registerUser, type TestUser } from '../../test-support/harness.js';
import {
  errorOf,
  invite,
  pause,
  ringOf,
  socketsTo,
  stateOf,
  untilCallMessages,
} from '../../test-support/call-frames.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({
    env: { CALL_CONNECT_SECONDS: '2', CALL_RECONNECT_SECONDS: '2', CALL_SWEEP_INTERVAL_MS: '100' },
  });
});
afterAll(() => s?.close());

const connect = socketsTo(() => s);

/** A 1:1 call answered by b. */
async function answered() {
  const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
  const conv = await direct(s.url, a, b);
  const [wa, wb] = await Promise.all([connect(a), connect(b)]);
  const call = await invite(wa, conv, 'video');
  await ringOf(wb, call.id);
  wb.send({ type: 'call.accept', callId: call.id });
  await stateOf(wa, call.id, (c) => c.status === 'active');
  return { a, b, conv, wa, wb, call };
}

const getCall = async (u: TestUser, id: string) =>
  (await api(s.url, 'GET', `/v1/calls/${id}`, { token: u.token })).body.call as Call;

const mediaRows = (callId: string) =>
  s.server.ctx.storage.read
    .selectFrom('call_participants')
    .select(['device_id', 'media_state'])
    .where('call_id', '=', callId)
    .orderBy('device_id')
    .execute();

describe(`failed calls on ${testBackend()}`, () => {
  it('media that never connects ends the call as failed, with a failed call message', async () => {
    const { b, conv, wa, wb, call } = await answered();
    wa.send({ type: 'call.update', callId: call.id, mediaState: 'connecting' });
    wb.send({ type: 'call.update', callId: call.id, mediaState: 'connecting' });
    const ended = await stateOf(wb, call.id, (c) => c.status === 'ended', 15_000);
    expect(ended.endReason).toBe('failed');
    await stateOf(wa, call.id, (c) => c.status === 'ended' && c.endReason === 'failed');
    const [summary] = await untilCallMessages(s.url, b, conv, 1);
    expect(summary).toMatchObject({ callId: call.id, media: 'video', outcome: 'failed' });
  });

  it('media that stays failed past the grace ends the call as failed', async () => {
    const { a, conv, wa, wb, call } = await answered();
    for (const ws of [wa, wb]) ws.send({ type: 'call.update', callId: call.id, mediaState: 'connected' });
    await pause(300);
    for (const ws of [wa, wb]) ws.send({ type: 'call.update', callId: call.id, mediaState: 'failed' });
    const ended = await stateOf(wa, call.id, (c) => c.status === 'ended', 15_000);
    expect(ended.endReason).toBe('failed');
    expect((await untilCallMessages(s.url, a, conv, 1))[0]).toMatchObject({ outcome: 'failed' });
    // A report after the end is refused.
    wa.send({ type: 'call.update', callId: call.id, mediaState: 'connected' });
    await errorOf(wa, 'call_ended');
  });

  it('a failure that recovers within the grace, and clients that never report, keep the call', async () => {
    const { a, wa, wb, call } = await answered();
    const quiet = await answered(); // never reports its media (an older client): not judged
    const states = () => wb.frames.filter((f) => f.type === 'call.state' && (f['call'] as Call).id === call.id).length;
    const statesBefore = states();
    for (const ws of [wa, wb]) ws.send({ type: 'call.update', callId: call.id, mediaState: 'connected' });
    await pause(300);
    wa.send({ type: 'call.update', callId: call.id, mediaState: 'failed' });
    await pause(1_000);
    // The ICE restart brought the media back before the grace ran out.
    wa.send({ type: 'call.update', callId: call.id, mediaState: 'connected' });
    await pause(3_500); // longer than CALL_CONNECT_SECONDS and CALL_RECONNECT_SECONDS
    expect(await getCall(a, call.id)).toMatchObject({ status: 'active', endReason: null });
    expect(await getCall(quiet.a, quiet.call.id)).toMatchObject({ status: 'active', endReason: null });
    expect((await mediaRows(call.id)).map((r) => r.media_state)).toEqual(['connected', 'connected']);
    // The media reports are not announced: call.state frames come only for what others see.
    expect(states()).toBe(statesBefore);
    // One device failed while the other is connected: the call goes on.
    wa.send({ type: 'call.update', callId: call.id, mediaState: 'failed' });
    await pause(3_000);
    expect(await getCall(a, call.id)).toMatchObject({ status: 'active' });
    wa.send({ type: 'call.hangup', callId: call.id });
    expect((await stateOf(wb, call.id, (c) => c.status === 'ended')).endReason).toBe('hangup');
    quiet.wa.send({ type: 'call.hangup', callId: quiet.call.id });
    await stateOf(quiet.wb, quiet.call.id, (c) => c.status === 'ended');
  });

  it('refuses bad media reports and strangers, changing nothing', async () => {
    const { a, wa, call } = await answered();
    const stranger = await connect(await registerUser(s.url));
    for (const bad of [
      { type: 'call.update', callId: call.id, mediaState: 'melting' },
      { type: 'call.update', callId: call.id, mediaState: true },
    ]) {
      wa.frames.length = 0;
      wa.send(bad);
      await errorOf(wa, 'invalid_request');
    }
    stranger.send({ type: 'call.update', callId: call.id, mediaState: 'failed' });
    await errorOf(stranger, 'call_not_found');
    expect((await mediaRows(call.id)).map((r) => r.media_state)).toEqual([null, null]);
    expect(await getCall(a, call.id)).toMatchObject({ status: 'active' });
    wa.send({ type: 'call.hangup', callId: call.id });
    await stateOf(wa, call.id, (c) => c.status === 'ended');
  });
});
