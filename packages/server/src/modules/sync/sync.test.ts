import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, group, loginUser, registerUser, send, WsClient } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

type SyncPage = {
  events: { type: string; cursor: string; seq?: number; conversationId?: string }[];
  cursor: string;
  hasMore: boolean;
};

async function syncAll(
  token: string,
  cursor?: string,
  limit = 7,
): Promise<{ events: SyncPage['events']; cursor: string; pages: number }> {
  const events: SyncPage['events'] = [];
  let pages = 0;
  for (;;) {
    const q = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const r = await api<SyncPage>(s.url, 'GET', `/v1/sync?${q}`, { token });
    expect(r.status).toBe(200);
    pages += 1;
    events.push(...r.body.events);
    cursor = r.body.cursor;
    if (!r.body.hasMore) return { events, cursor, pages };
  }
}

describe('sync', () => {
  it('returns every event for the user in order, paginated, without gaps or repeats', async () => {
    const [a, b, c] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const ab = await direct(s.url, a, b);
    const g = await group(s.url, a, [b, c], 'trio');
    const other = await direct(s.url, a, c); // b is not in this one
    for (let i = 0; i < 10; i++) {
      await send(s.url, a, ab, `ab${i}`);
      await send(s.url, c, g, `g${i}`);
      await send(s.url, c, other, `ac${i}`);
    }
    const { events, pages } = await syncAll(b.token);
    expect(pages).toBeGreaterThan(2);
    expect(events.filter((e) => e.conversationId === other)).toHaveLength(0);
    for (const conv of [ab, g]) {
      const seqs = events.filter((e) => e.conversationId === conv).map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    }
    expect(new Set(events.map((e) => e.cursor)).size).toBe(events.length);
  });

  it('resumes from a cursor and remembers the device cursor for a sync without one', async () => {
    const a = await registerUser(s.url);
    const b = await registerUser(s.url);
    const conv = await direct(s.url, a, b);
    await send(s.url, a, conv, 'first');
    const first = await syncAll(b.token);
    expect(first.events).toHaveLength(2);
    await send(s.url, a, conv, 'second');
    const next = await syncAll(b.token, first.cursor);
    expect(next.events.map((e) => e.type)).toEqual(['message.created']);
    // The last cursor b passed was first.cursor; without a cursor the server resumes there.
    const remembered = await api<SyncPage>(s.url, 'GET', '/v1/sync', { token: b.token });
    expect(remembered.body.events).toHaveLength(1);
    // A new device of b starts from the beginning.
    const b2 = await loginUser(s.url, b);
    expect((await syncAll(b2.token)).events).toHaveLength(3);
  });

  it('sync and socket agree: paging to the end then connecting with the final cursor loses nothing', async () => {
    const a = await registerUser(s.url);
    const b = await registerUser(s.url);
    const conv = await direct(s.url, a, b);
    for (let i = 0; i < 5; i++) await send(s.url, a, conv, `before${i}`);
    const { cursor, events } = await syncAll(b.token);
    const ws = await WsClient.connect(s.url, b.token, { cursor });
    for (let i = 0; i < 3; i++) await send(s.url, a, conv, `after${i}`);
    for (let i = 0; i < 3; i++) await ws.next((f) => f.type === 'message.created');
    const all = [...events, ...ws.events()].map((e) => e.seq);
    expect(all).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    ws.close();
  });
});
