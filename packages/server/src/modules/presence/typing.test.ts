import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCursors, decodeCursor } from '../../events/cursor.js';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, group, loginUser, registerUser, WsClient } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { TYPING_INTERVAL_MS: '1500' } });
});
afterAll(() => s.close());

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const typingIn = (ws: WsClient, conv: string) =>
  ws.frames.filter((f) => f.type === 'typing' && f['conversationId'] === conv);

describe('typing indicators', () => {
  it("reach the other members' devices, never the typist's devices nor a non-member, and are not stored", async () => {
    const [a, b, c, outsider] = await Promise.all([
      registerUser(s.url),
      registerUser(s.url),
      registerUser(s.url),
      registerUser(s.url),
    ]);
    const g = await group(s.url, a, [b, c], 'typing');
    const a2 = await loginUser(s.url, a);
    const b2 = await loginUser(s.url, b);
    const [wa, wa2, wb, wb2, wc, wo] = await Promise.all(
      [a, a2, b, b2, c, outsider].map((u) => WsClient.connect(s.url, u.token)),
    );
    const eventsBefore = await s.server.ctx.storage.read.selectFrom('events').select('pos').execute();
    // The group's creation may still reach the sockets live (on PostgreSQL the feed reads the log
    // shortly after a commit): only events stored before the typing are expected.
    const headBefore = await s.server.ctx.storage.head();
    wa!.send({ type: 'typing', conversationId: g });
    for (const ws of [wb!, wb2!, wc!]) {
      expect(await ws.next((f) => f.type === 'typing')).toEqual({
        type: 'typing',
        conversationId: g,
        userId: a.user.id,
        stopped: false,
      });
    }
    wa!.send({ type: 'typing', conversationId: g, stopped: true });
    expect((await wb!.next((f) => f.type === 'typing'))['stopped']).toBe(true);
    await pause(150);
    expect(typingIn(wa!, g)).toEqual([]);
    expect(typingIn(wa2!, g)).toEqual([]);
    expect(wo!.frames.filter((f) => f.type === 'typing')).toEqual([]);
    // Ephemeral: no event was written and no typing frame carries a cursor.
    expect(await s.server.ctx.storage.read.selectFrom('events').select('pos').execute()).toHaveLength(
      eventsBefore.length,
    );
    const storedSince = (e: Record<string, unknown>) => {
      const c = decodeCursor(String(e['cursor']));
      return !c || compareCursors(c, headBefore) > 0;
    };
    expect(wb!.events().filter(storedSince)).toEqual([]);
    [wa, wa2, wb, wb2, wc, wo].forEach((w) => w!.close());
  });

  it('are rate-limited per device and conversation: extra frames are dropped', async () => {
    const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const conv = await direct(s.url, a, b);
    const [wa, wb] = await Promise.all([WsClient.connect(s.url, a.token), WsClient.connect(s.url, b.token)]);
    for (let i = 0; i < 5; i++) wa.send({ type: 'typing', conversationId: conv });
    await wb.next((f) => f.type === 'typing');
    await pause(300);
    expect(typingIn(wb, conv)).toHaveLength(1);
    // After the interval the next one passes again.
    await pause(1_300);
    wa.send({ type: 'typing', conversationId: conv });
    await wb.next((f) => f.type === 'typing');
    expect(typingIn(wb, conv)).toHaveLength(2);
    wa.close();
    wb.close();
  });

  it('from a non-member get not_found and reach nobody', async () => {
    const [a, b, outsider] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const conv = await direct(s.url, a, b);
    const [wb, wo] = await Promise.all([WsClient.connect(s.url, b.token), WsClient.connect(s.url, outsider.token)]);
    wo.send({ type: 'typing', conversationId: conv });
    expect((await wo.next((f) => f.type === 'error'))['error']).toMatchObject({ code: 'not_found' });
    wo.send({ type: 'typing', conversationId: conv, stopped: 'yes' });
    expect((await wo.next((f) => f.type === 'error'))['error']).toMatchObject({ code: 'invalid_request' });
    await pause(150);
    expect(typingIn(wb, conv)).toEqual([]);
    wb.close();
    wo.close();
  });

  it('do not reach a user who blocked the typist, nor the typist from them (groups too)', async () => {
    const [a, b, c] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const g = await group(s.url, c, [a, b], 'blocky');
    await api(s.url, 'POST', '/v1/blocks', { token: b.token, body: { userId: a.user.id } });
    const [wa, wb, wc] = await Promise.all([a, b, c].map((u) => WsClient.connect(s.url, u.token)));
    wa!.send({ type: 'typing', conversationId: g });
    await wc!.next((f) => f.type === 'typing' && f['userId'] === a.user.id);
    wb!.send({ type: 'typing', conversationId: g });
    await wc!.next((f) => f.type === 'typing' && f['userId'] === b.user.id);
    await pause(150);
    expect(typingIn(wb!, g)).toEqual([]);
    expect(typingIn(wa!, g)).toEqual([]);
    [wa, wb, wc].forEach((w) => w!.close());
  });
});
