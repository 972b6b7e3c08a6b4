// Group calls on the backend under test: the invite rings every other member (not those blocked
// either way with the caller); any member may join while it rings or is active; a decline only
// stops ringing that user; leaving keeps the call for the others; the last one out ends it; the
// SFU of the node that took the invite hears every join, signal, leave and the end, and its
// signals reach the one device they are for.
import type { CallSignal } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testBackend, type TestServer } from '../../testing.js';
import { createServer } from '../../app.js';
import { loadConfig } from '../../config.js';
import { TEST_ENV } from '../../testing.js';
import { api, group, registerUser, type TestUser } from '../../test-support/harness.js';
import {
  errorOf,
  invite,
  pause,
  ringOf,
  seen,
  socketsTo,
  stateOf,
  untilCallMessages,
} from '../../test-support/call-frames.js';
import type { SfuPort, SfuSend } from './sfu-port.js';

/** An SFU that records what it is told and answers each offer (the real one is modules/sfu). */
class RecordingSfu implements SfuPort {
  readonly log: string[] = [];
  constructor(private readonly send: SfuSend) {}
  async join(callId: string, who: { userId: string; deviceId: string }) {
    this.log.push(`join ${callId} ${who.deviceId}`);
  }
  async signal(callId: string, from: string, signal: CallSignal) {
    this.log.push(`signal ${callId} ${from} ${signal.kind}`);
    if (signal.kind === 'offer') this.send(callId, this.who.get(from)!, { kind: 'answer', sdp: `answer for ${from}` });
  }
  async leave(callId: string, deviceId: string) {
    this.log.push(`leave ${callId} ${deviceId}`);
  }
  async end(callId: string) {
    this.log.push(`end ${callId}`);
  }
  async close() {}
  readonly who = new Map<string, { userId: string; deviceId: string }>();
}

let s: TestServer;
let sfu: RecordingSfu;
beforeAll(async () => {
  const database = await createTestDatabase();
  const server = await createServer(loadConfig({ ...TEST_ENV, ...database.env, CALL_RING_SECONDS: '60' }), {
    sfu: (send) => (sfu = new RecordingSfu(send)),
  });
  const url = await server.listen();
  s = {
    url,
    server,
    env: {},
    async close() {
      await server.close();
      await database.drop();
    },
  } as TestServer;
});
afterAll(() => s?.close());

const connect = socketsTo(() => s);

describe(`group calls on ${testBackend()}`, () => {
  it('ring every other member; join, decline, leave; the last one out ends it; the SFU hears it all', async () => {
    const users = await Promise.all([1, 2, 3, 4, 5].map(() => registerUser(s.url)));
    const [a, b, c, d, blocker] = users as [TestUser, TestUser, TestUser, TestUser, TestUser];
    const g = await group(s.url, a, [b, c, d, blocker], 'team');
    await api(s.url, 'POST', '/v1/blocks', { token: blocker.token, body: { userId: a.user.id } });
    const [wa, wb, wc, wd, wx] = await Promise.all(users.map(connect));
    const call = await invite(wa!, g, 'video');
    expect(call).toMatchObject({ topology: 'sfu', status: 'ringing' });
    expect([...call.ringing].sort()).toEqual([b.user.id, c.user.id, d.user.id].sort());
    for (const ws of [wb!, wc!, wd!]) await ringOf(ws, call.id);
    await pause(200);
    expect(wx!.frames.some((f) => f.type === 'call.ring')).toBe(false);

    // b joins; c declines (only c stops ringing); d still rings.
    wb!.send({ type: 'call.accept', callId: call.id });
    await stateOf(wa!, call.id, (x) => x.status === 'active' && x.participants.length === 2);
    wc!.send({ type: 'call.decline', callId: call.id });
    const afterDecline = await stateOf(wa!, call.id, (x) => !x.ringing.includes(c.user.id));
    expect(afterDecline).toMatchObject({ status: 'active', ringing: [d.user.id] });
    // A member who declined may still join later.
    wc!.send({ type: 'call.accept', callId: call.id });
    await stateOf(wa!, call.id, (x) => x.participants.length === 3);
    // A non-member may not join.
    const outsider = await registerUser(s.url);
    const wo = await connect(outsider);
    wo.send({ type: 'call.accept', callId: call.id });
    await errorOf(wo, 'call_not_found');

    // Signals to the SFU reach the SFU; its answers reach the one device.
    sfu.who.set(b.deviceId, { userId: b.user.id, deviceId: b.deviceId });
    wb!.send({ type: 'call.signal', callId: call.id, toDeviceId: 'sfu', signal: { kind: 'offer', sdp: 'v=0 b' } });
    const answer = await seen(wb!, (f) => f.type === 'call.signal' && f['fromDeviceId'] === 'sfu');
    expect(answer).toMatchObject({
      callId: call.id,
      fromUserId: 'sfu',
      signal: { kind: 'answer', sdp: `answer for ${b.deviceId}` },
    });
    await pause(200);
    expect(wc!.frames.some((f) => f.type === 'call.signal')).toBe(false);

    // Leaving keeps the call for the others.
    wa!.frames.length = 0;
    wb!.send({ type: 'call.hangup', callId: call.id });
    const afterLeave = await stateOf(wa!, call.id, (x) => !x.participants.some((p) => p.deviceId === b.deviceId));
    expect(afterLeave.participants).toHaveLength(2);
    expect(afterLeave.status).toBe('active');
    wb!.send({ type: 'call.signal', callId: call.id, toDeviceId: 'sfu', signal: { kind: 'offer', sdp: 'x' } });
    await errorOf(wb!, 'call_not_found');
    // b may come back.
    wa!.frames.length = 0;
    wb!.send({ type: 'call.accept', callId: call.id });
    await stateOf(wa!, call.id, (x) => x.participants.length === 3);

    for (const ws of [wa!, wb!, wc!]) ws.send({ type: 'call.hangup', callId: call.id });
    const ended = await stateOf(wd!, call.id, (x) => x.status === 'ended');
    expect(ended.endReason).toBe('hangup');
    expect((await untilCallMessages(s.url, d, g, 1))[0]).toMatchObject({ callId: call.id, outcome: 'completed' });
    await pause(200);
    expect(sfu.log.slice(0, 6)).toEqual([
      `join ${call.id} ${a.deviceId}`,
      `join ${call.id} ${b.deviceId}`,
      `join ${call.id} ${c.deviceId}`,
      `signal ${call.id} ${b.deviceId} offer`,
      `leave ${call.id} ${b.deviceId}`,
      `join ${call.id} ${b.deviceId}`,
    ]);
    // The three hang-ups race: two leave (in either order), the last one out ends the call.
    expect(sfu.log.slice(6, 8).sort()).toHaveLength(2);
    expect(sfu.log.slice(6, 8).every((l) => l.startsWith(`leave ${call.id} `))).toBe(true);
    expect(sfu.log.slice(8)).toEqual([`end ${call.id}`]);
  });

  it('a group call everyone declines ends as declined; the caller alone hanging up before answers cancels', async () => {
    const [a, b, c] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const g = await group(s.url, a, [b, c], 'nobody');
    const [wa, wb, wc] = await Promise.all([connect(a), connect(b), connect(c)]);
    const first = await invite(wa, g, 'audio');
    wb.send({ type: 'call.decline', callId: first.id });
    await stateOf(wa, first.id, (x) => x.ringing.length === 1);
    wc.send({ type: 'call.decline', callId: first.id });
    expect((await stateOf(wa, first.id, (x) => x.status === 'ended')).endReason).toBe('declined');
    const second = await invite(wa, g, 'audio');
    await ringOf(wb, second.id);
    wa.send({ type: 'call.hangup', callId: second.id });
    expect((await stateOf(wb, second.id, (x) => x.status === 'ended')).endReason).toBe('cancelled');
    expect(await untilCallMessages(s.url, b, g, 2)).toEqual([
      { callId: first.id, media: 'audio', outcome: 'declined', durationMs: 0 },
      { callId: second.id, media: 'audio', outcome: 'missed', durationMs: 0 },
    ]);
  });
});
