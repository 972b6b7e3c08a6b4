// Group calls over a real server with CALLS_SFU=janus and a real Janus started by the test: the
// four-device media scenario (test-support/group-call-scenario.ts: audio and video both ways, late
// joiner, screen share as `deviceId:screen`, a leaver's media stops); the call's end destroys its
// VideoRoom room; Janus unreachable -> group invites answer calls_unavailable; Janus dying during a
// call ends it as failed. On this backend's database (SQLite or PostgreSQL).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config.js';
import { startTestServer, TEST_ENV, testBackend, type TestServer } from '../../../testing.js';
import { invite, stateOf } from '../../../test-support/call-frames.js';
import { fourDeviceGroupCall } from '../../../test-support/group-call-scenario.js';
import { direct, group, registerUser, WsClient, type TestUser } from '../../../test-support/harness.js';
import { JanusClient } from './janus-client.js';
import { freePort } from '../../../free-port.js';
import { startJanus, type TestJanus } from './test-janus.js';

/** The descriptions of the VideoRoom rooms Janus has now. */
async function roomsOn(url: string): Promise<string[]> {
  const c = await JanusClient.connect({ url });
  try {
    const h = await c.attach('janus.plugin.videoroom', () => undefined);
    const res = await c.message(h, { request: 'list' });
    return ((res.data['list'] ?? []) as { description?: string }[]).map((r) => r.description ?? '');
  } finally {
    await c.close();
  }
}

async function people(s: TestServer, n: number, stops: (() => void)[]) {
  const users = await Promise.all(Array.from({ length: n }, () => registerUser(s.url)));
  const ws = await Promise.all(users.map((u) => WsClient.connect(s.url, u.token)));
  stops.push(() => ws.forEach((w) => w.close()));
  return { users, ws };
}

describe(`group calls through Janus on ${testBackend()}`, () => {
  let janus: TestJanus;
  let s: TestServer;
  const stops: (() => void)[] = [];
  const later: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    janus = await startJanus();
    s = await startTestServer({ env: { ...janus.env, CALL_RING_SECONDS: '120' } });
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) stop();
    for (const l of later.splice(0).reverse()) await l();
  });
  afterAll(async () => {
    await s?.close();
    await janus?.stop();
  });

  it('four devices exchange audio and video; late join, screen share, hang up; the end destroys the room', async () => {
    const { call, sockets } = await fourDeviceGroupCall(s, stops);
    expect((await roomsOn(janus.url)).some((d) => d.includes(call.id))).toBe(true);
    for (const ws of sockets) ws.send({ type: 'call.hangup', callId: call.id });
    await stateOf(sockets[0]!, call.id, (x) => x.status === 'ended');
    const deadline = Date.now() + 10_000;
    while ((await roomsOn(janus.url)).some((d) => d.includes(call.id))) {
      if (Date.now() > deadline) throw new Error('the call ended but its Janus room is still there');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 400_000);

  it('Janus unreachable: group invites answer calls_unavailable, nothing rings; 1:1 still rings', async () => {
    const dead = await startTestServer({
      env: { CALLS_SFU: 'janus', JANUS_URL: `ws://127.0.0.1:${await freePort()}` },
    });
    later.push(() => dead.close());
    const { users, ws } = await people(dead, 2, stops);
    const [a, b] = users as [TestUser, TestUser];
    const [wa, wb] = ws as [WsClient, WsClient];
    const conv = await group(dead.url, a, [b], 'no janus');
    await expect(invite(wa, conv)).rejects.toThrow(/calls_unavailable/);
    await new Promise((r) => setTimeout(r, 300));
    expect(wb.frames.some((f) => f.type === 'call.ring')).toBe(false);
    expect(await invite(wa, await direct(dead.url, a, b))).toMatchObject({ topology: 'p2p', status: 'ringing' });
  }, 60_000);

  it('Janus going away during a call ends the call as failed', async () => {
    const own = await startJanus();
    const srv = await startTestServer({ env: { ...own.env, CALL_RING_SECONDS: '120' } });
    later.push(async () => {
      await srv.close();
      await own.stop();
    });
    const { users, ws } = await people(srv, 2, stops);
    const [a, b] = users as [TestUser, TestUser];
    const [wa, wb] = ws as [WsClient, WsClient];
    const conv = await group(srv.url, a, [b], 'janus dies');
    const call = await invite(wa, conv);
    wb.send({ type: 'call.accept', callId: call.id });
    await stateOf(wa, call.id, (x) => x.participants.length === 2);
    const roomDeadline = Date.now() + 10_000;
    while (!(await roomsOn(own.url)).some((d) => d.includes(call.id))) {
      if (Date.now() > roomDeadline) throw new Error('no Janus room for the call');
      await new Promise((r) => setTimeout(r, 100));
    }
    await own.stop();
    const ended = await stateOf(wb, call.id, (x) => x.status === 'ended', 15_000);
    expect(ended.endReason).toBe('failed');
  }, 60_000);

  it('CALLS_SFU=janus without JANUS_URL fails at start with a clear message', () => {
    expect(() => loadConfig({ ...TEST_ENV, CALLS_SFU: 'janus' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...TEST_ENV, CALLS_SFU: 'janus' })).toThrow(/JANUS_URL/);
    expect(() => loadConfig({ ...TEST_ENV, CALLS_SFU: 'janus', JANUS_URL: 'http://x' })).toThrow(/ws:\/\//);
  });
});
