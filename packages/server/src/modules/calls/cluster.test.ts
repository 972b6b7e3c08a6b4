// Calls across two nodes on one PostgreSQL database and NATS: the callee's devices on the other
// node ring; one answers there and the caller's node learns it; a second answer from the
// callee's device on the caller's node is refused (the answer is decided in the database, not
// per node); signals cross nodes to the one device named; a group call's signals for the SFU
// reach the node that took the invite, whichever node the device is on; the hang-up's
// message reaches both nodes.
import type { CallSignal } from '@anytime/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServer, type AnytimeServer } from '../../app.js';
import { loadConfig } from '../../config.js';
import { createPostgresDatabase, TEST_ENV, type TestDatabase } from '../../testing.js';
import { direct, group, loginUser, registerUser, WsClient } from '../../test-support/harness.js';
import { errorOf, invite, ringOf, seen, stateOf, untilCallMessages } from '../../test-support/call-frames.js';
import type { SfuPort } from './sfu-port.js';

const NATS_URL = process.env['ANYTIME_TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222';
let db: TestDatabase;
const nodes: { server: AnytimeServer; url: string; sfuLog: string[] }[] = [];

beforeAll(async () => {
  db = await createPostgresDatabase();
  for (const id of ['calls-a', 'calls-b']) {
    const sfuLog: string[] = [];
    const sfu = (): SfuPort => ({
      join: async (callId, who) => void sfuLog.push(`join ${callId} ${who.deviceId}`),
      signal: async (callId, from, signal: CallSignal) => void sfuLog.push(`signal ${callId} ${from} ${signal.kind}`),
      leave: async (callId, deviceId) => void sfuLog.push(`leave ${callId} ${deviceId}`),
      end: async (callId) => void sfuLog.push(`end ${callId}`),
      close: async () => undefined,
    });
    const server = await createServer(
      loadConfig({
        ...TEST_ENV,
        ...db.env,
        BROKER_URL: NATS_URL,
        NODE_ID: `${id}-${process.pid}`,
        CALL_RING_SECONDS: '60',
      }),
      { sfu },
    );
    nodes.push({ server, url: await server.listen(), sfuLog });
  }
}, 60_000);

afterAll(async () => {
  for (const n of nodes) await n.server.close();
  await db?.drop();
});

it('rings, answers, signals and hangs up across nodes; SFU signals go to the hosting node', async () => {
  const [A, B] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
  const [alice, bob] = await Promise.all([registerUser(A.url), registerUser(A.url)]);
  const bob2 = await loginUser(A.url, bob);
  const conv = await direct(A.url, alice, bob);
  const wa = await WsClient.connect(A.url, alice.token);
  const wbOnB = await WsClient.connect(B.url, bob.token);
  const wb2OnA = await WsClient.connect(A.url, bob2.token);

  const call = await invite(wa, conv, 'audio');
  await ringOf(wbOnB, call.id);
  await ringOf(wb2OnA, call.id);
  wbOnB.send({ type: 'call.accept', callId: call.id, clientId: 'answer-on-b' });
  const answered = (await seen(wbOnB, (f) => f.type === 'call.state' && f['clientId'] === 'answer-on-b'))['call'];
  expect(answered).toMatchObject({ status: 'active' });
  await stateOf(wa, call.id, (c) => c.status === 'active');
  await stateOf(wb2OnA, call.id, (c) => c.status === 'active' && c.ringing.length === 0);
  wb2OnA.send({ type: 'call.accept', callId: call.id });
  await errorOf(wb2OnA, 'call_ended');

  wa.send({ type: 'call.signal', callId: call.id, toDeviceId: bob.deviceId, signal: { kind: 'offer', sdp: 'v=0 a' } });
  expect(await seen(wbOnB, (f) => f.type === 'call.signal')).toMatchObject({
    fromDeviceId: alice.deviceId,
    signal: { kind: 'offer', sdp: 'v=0 a' },
  });
  wbOnB.send({
    type: 'call.signal',
    callId: call.id,
    toDeviceId: alice.deviceId,
    signal: { kind: 'answer', sdp: 'v=0 b' },
  });
  expect(await seen(wa, (f) => f.type === 'call.signal')).toMatchObject({ fromDeviceId: bob.deviceId });
  expect(wb2OnA.frames.some((f) => f.type === 'call.signal')).toBe(false);

  wbOnB.send({ type: 'call.hangup', callId: call.id });
  expect((await stateOf(wa, call.id, (c) => c.status === 'ended')).endReason).toBe('hangup');
  expect((await untilCallMessages(B.url, bob, conv, 1))[0]).toMatchObject({ outcome: 'completed' });

  // A group call placed on A: a member on B joins and signals the SFU; A's SFU hears it.
  const carol = await registerUser(A.url);
  const g = await group(A.url, alice, [bob, carol], 'cluster call');
  const wc = await WsClient.connect(B.url, carol.token);
  const gcall = await invite(wa, g, 'video');
  await ringOf(wc, gcall.id);
  wc.send({ type: 'call.accept', callId: gcall.id });
  await stateOf(wa, gcall.id, (c) => c.participants.length === 2);
  wc.send({ type: 'call.signal', callId: gcall.id, toDeviceId: 'sfu', signal: { kind: 'offer', sdp: 'v=0 c' } });
  const deadline = Date.now() + 10_000;
  while (!A.sfuLog.includes(`signal ${gcall.id} ${carol.deviceId} offer`) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  // The caller's device joins the SFU session when it places the call; carol's when she accepts.
  expect(A.sfuLog).toEqual([
    `join ${gcall.id} ${alice.deviceId}`,
    `join ${gcall.id} ${carol.deviceId}`,
    `signal ${gcall.id} ${carol.deviceId} offer`,
  ]);
  expect(B.sfuLog).toEqual([]);
  for (const ws of [wa, wc]) ws.send({ type: 'call.hangup', callId: gcall.id });
  await stateOf(wc, gcall.id, (c) => c.status === 'ended');
  [wa, wbOnB, wb2OnA, wc].forEach((w) => w.close());
});
