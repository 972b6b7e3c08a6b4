import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, loginUser, registerUser, WsClient, type TestUser } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const query = async (viewer: TestUser, ...users: TestUser[]) =>
  (
    await api(s.url, 'POST', '/v1/presence/query', {
      token: viewer.token,
      body: { userIds: users.map((u) => u.user.id) },
    })
  ).body.presence as { userId: string; status: string; lastSeenAt: string | null }[];
const statusOf = async (viewer: TestUser, u: TestUser) => (await query(viewer, u))[0]!.status;
/** A socket's presence row is written just after it connects: poll briefly for the expected status. */
async function eventually(viewer: TestUser, u: TestUser, status: string): Promise<void> {
  for (let i = 0; i < 50 && (await statusOf(viewer, u)) !== status; i++) await pause(20);
  expect(await statusOf(viewer, u)).toBe(status);
}
const setLastSeen = (u: TestUser, lastSeen: string) =>
  api(s.url, 'PATCH', '/v1/me/settings', { token: u.token, body: { lastSeen } });
const presenceFrames = (ws: WsClient, u: TestUser) =>
  ws.frames.filter((f) => f.type === 'presence' && (f['presence'] as { userId: string }).userId === u.user.id);
const statusFrame = (f: Record<string, unknown>, status: string) =>
  f['type'] === 'presence' && (f['presence'] as { status: string }).status === status;

describe('presence and last seen', () => {
  it('is online while any device has a socket, then offline with a last-seen time; subscribers are told', async () => {
    const [a, b, bystander] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const b2 = await loginUser(s.url, b);
    const wa = await WsClient.connect(s.url, a.token);
    const wx = await WsClient.connect(s.url, bystander.token);
    const t0 = new Date().toISOString();
    wa.send({ type: 'presence.subscribe', userIds: [b.user.id] });
    expect((await wa.next((f) => f.type === 'presence'))['presence']).toEqual({
      userId: b.user.id,
      status: 'offline',
      lastSeenAt: null,
    });
    const wb = await WsClient.connect(s.url, b.token);
    expect((await wa.next((f) => f.type === 'presence'))['presence']).toMatchObject({ status: 'online' });
    expect(await query(a, b)).toEqual([{ userId: b.user.id, status: 'online', lastSeenAt: null }]);
    const wb2 = await WsClient.connect(s.url, b2.token);
    wb.close();
    await wb.closed;
    await pause(200);
    // One device left: still online, nothing new was sent.
    expect(presenceFrames(wa, b)).toHaveLength(2);
    expect(await statusOf(a, b)).toBe('online');
    wb2.close();
    const off = (await wa.next((f) => f.type === 'presence'))['presence'] as { status: string; lastSeenAt: string };
    expect(off.status).toBe('offline');
    expect(off.lastSeenAt >= t0).toBe(true);
    expect(await query(a, b)).toEqual([{ userId: b.user.id, status: 'offline', lastSeenAt: off.lastSeenAt }]);
    // Presence does not fan out: a user who follows nobody got no presence frames.
    expect(wx.frames.filter((f) => f.type === 'presence')).toEqual([]);
    // Unsubscribing stops the frames.
    wa.send({ type: 'presence.subscribe', userIds: [] });
    await pause(100);
    const again = await WsClient.connect(s.url, b.token);
    await pause(200);
    expect(presenceFrames(wa, b)).toHaveLength(3);
    [wa, wx, again].forEach((w) => w.close());
  });

  it("lastSeen 'nobody' hides it from everyone, and the one who hides sees nobody's", async () => {
    const [a, b, c] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const wb = await WsClient.connect(s.url, b.token);
    const wc = await WsClient.connect(s.url, c.token);
    await eventually(a, b, 'online');
    await setLastSeen(b, 'nobody');
    expect(await query(a, b)).toEqual([{ userId: b.user.id, status: 'hidden', lastSeenAt: null }]);
    const wa = await WsClient.connect(s.url, a.token);
    wa.send({ type: 'presence.subscribe', userIds: [b.user.id, c.user.id] });
    await wa.next((f) => f.type === 'presence' && (f['presence'] as { userId: string }).userId === c.user.id);
    expect(presenceFrames(wa, b).map((f) => f['presence'])).toEqual([
      { userId: b.user.id, status: 'hidden', lastSeenAt: null },
    ]);
    wb.close();
    await pause(200);
    expect(presenceFrames(wa, b)).toHaveLength(1);
    // Symmetric: b, who hides their own, sees nobody's (c shows everyone).
    expect(await statusOf(b, c)).toBe('hidden');
    await eventually(a, c, 'online');
    [wa, wc].forEach((w) => w.close());
  });

  it("lastSeen 'contacts' shows it only to the people in the user's contacts", async () => {
    const [a, b, stranger] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    await setLastSeen(b, 'contacts');
    await api(s.url, 'POST', '/v1/contacts', { token: b.token, body: { userId: a.user.id } });
    // stranger has b in their contacts; that is not what counts.
    await api(s.url, 'POST', '/v1/contacts', { token: stranger.token, body: { userId: b.user.id } });
    const wb = await WsClient.connect(s.url, b.token);
    await eventually(a, b, 'online');
    expect(await statusOf(stranger, b)).toBe('hidden');
    const [wa, ws] = await Promise.all([WsClient.connect(s.url, a.token), WsClient.connect(s.url, stranger.token)]);
    for (const w of [wa, ws]) w.send({ type: 'presence.subscribe', userIds: [b.user.id] });
    await wa.next((f) => f.type === 'presence');
    await ws.next((f) => f.type === 'presence');
    wb.close();
    expect((await wa.next((f) => f.type === 'presence'))['presence']).toMatchObject({ status: 'offline' });
    await pause(200);
    expect(presenceFrames(ws, b).map((f) => (f['presence'] as { status: string }).status)).toEqual(['hidden']);
    // Symmetric: once a shares only with contacts, and b is not one of them, a no longer sees b.
    await setLastSeen(a, 'contacts');
    expect(await statusOf(a, b)).toBe('hidden');
    await api(s.url, 'POST', '/v1/contacts', { token: a.token, body: { userId: b.user.id } });
    expect(await statusOf(a, b)).toBe('offline');
    [wa, ws].forEach((w) => w.close());
  });

  it('is hidden between users where either blocked the other', async () => {
    const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const [wa, wb] = await Promise.all([WsClient.connect(s.url, a.token), WsClient.connect(s.url, b.token)]);
    await eventually(a, b, 'online');
    await api(s.url, 'POST', '/v1/blocks', { token: b.token, body: { userId: a.user.id } });
    expect(await statusOf(a, b)).toBe('hidden');
    expect(await statusOf(b, a)).toBe('hidden');
    wa.send({ type: 'presence.subscribe', userIds: [b.user.id] });
    expect((await wa.next((f) => f.type === 'presence'))['presence']).toMatchObject({ status: 'hidden' });
    wb.close();
    await pause(200);
    expect(presenceFrames(wa, b)).toHaveLength(1);
    wa.close();
  });

  it('limits how often a connection replaces its follows', async () => {
    const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const wa = await WsClient.connect(s.url, a.token);
    for (let i = 0; i < 31; i++) wa.send({ type: 'presence.subscribe', userIds: [b.user.id] });
    const err = await wa.next((f) => f.type === 'error');
    expect(err['error']).toMatchObject({ code: 'rate_limited' });
    expect(err['retryAfterSeconds']).toBeGreaterThan(0);
    // The accepted ones answer from the database, possibly after the refusal; a connection gets
    // the same presence only once, however often it subscribes.
    for (let i = 0; i < 100 && presenceFrames(wa, b).length === 0; i++) await pause(20);
    await pause(200);
    expect(presenceFrames(wa, b)).toHaveLength(1);
    wa.close();
  });

  it('answers hidden for unknown users, and treats rows of a node that stopped refreshing as gone', async () => {
    const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const old = new Date(Date.now() - 3_600_000).toISOString();
    // A node that died an hour ago while b was connected to it.
    await s.server.ctx.storage.write(async (tx) => {
      await tx.db.insertInto('presence').values({ user_id: b.user.id, node_id: 'dead-node', alive_at: old }).execute();
    });
    const r = await api(s.url, 'POST', '/v1/presence/query', {
      token: a.token,
      body: { userIds: [b.user.id, 'ghost'] },
    });
    expect(r.body.presence).toEqual([
      { userId: b.user.id, status: 'offline', lastSeenAt: old },
      { userId: 'ghost', status: 'hidden', lastSeenAt: null },
    ]);
    const tooMany = await api(s.url, 'POST', '/v1/presence/query', {
      token: a.token,
      body: { userIds: Array.from({ length: 201 }, (_, i) => `u${i}`) },
    });
    expect(tooMany.status).toBe(400);
  });
});

describe('presence with an offline grace period', () => {
  it('a quick reconnect shows no offline; the last close shows offline later, with the time it closed', async () => {
    const g = await startTestServer({ env: { PRESENCE_OFFLINE_GRACE_MS: '400' } });
    try {
      const [a, b] = await Promise.all([registerUser(g.url), registerUser(g.url)]);
      const wa = await WsClient.connect(g.url, a.token);
      const wb = await WsClient.connect(g.url, b.token);
      wa.send({ type: 'presence.subscribe', userIds: [b.user.id] });
      // The first frame may still say offline if b's row was not written yet; online follows.
      await wa.next((f) => statusFrame(f, 'online'));
      const seen = presenceFrames(wa, b).length;
      wb.close();
      await wb.closed;
      const wb2 = await WsClient.connect(g.url, b.token);
      await pause(700);
      expect(presenceFrames(wa, b)).toHaveLength(seen);
      const closedBefore = new Date().toISOString();
      wb2.close();
      await wb2.closed;
      const closedAfter = new Date().toISOString();
      await pause(200);
      expect(presenceFrames(wa, b)).toHaveLength(seen);
      const off = (await wa.next((f) => statusFrame(f, 'offline')))['presence'] as { lastSeenAt: string };
      expect(off.lastSeenAt >= closedBefore && off.lastSeenAt <= closedAfter).toBe(true);
      wa.close();
    } finally {
      await g.close();
    }
  });
});
