// Progress while catching up, against a real server: a new device paging a long history over
// /v1/sync, and a device whose socket replays what it missed while it was away.
import { startTestServer, type TestServer } from '@anytime/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { device, PASSWORD, uniqueName } from '../test-support/harness.js';
import type { SyncProgress } from './sync-progress.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { SEND_LIMIT_MESSAGES: '100000' } });
});
afterAll(async () => {
  await server?.close();
});

async function chatWithHistory(count: number) {
  const a = device(server.url);
  const b = device(server.url);
  const username = uniqueName('pa');
  await a.client.register({ username, password: PASSWORD });
  const rb = await b.client.register({ username: uniqueName('pb'), password: PASSWORD });
  const { conversation } = await a.client.api('createConversation', {
    body: { kind: 'direct', memberIds: [rb.user.id] },
  });
  await sendMany(b, conversation.id, count, 'h');
  return { a, b, username, conversationId: conversation.id };
}

async function sendMany(from: ReturnType<typeof device>, id: string, count: number, prefix: string) {
  for (let i = 0; i < count; i++) {
    await from.client.api('sendMessage', {
      params: { id },
      body: { clientId: crypto.randomUUID(), text: `${prefix}${i}` },
    });
  }
}

function record(d: ReturnType<typeof device>): SyncProgress[] {
  const reports: SyncProgress[] = [];
  d.client.on('syncProgress', (p) => reports.push(p));
  return reports;
}

describe('sync progress', () => {
  it('a new device paging a long history reports growing counts, more to come, then caught up', async () => {
    const { a, b, username, conversationId } = await chatWithHistory(450);
    const fresh = device(server.url);
    try {
      await fresh.client.login({ username, password: PASSWORD });
      const reports = record(fresh);
      await fresh.client.connect();
      await fresh.client.whenSynced();
      expect(fresh.client.state.messages[conversationId]).toHaveLength(450);
      const during = reports.filter((r) => r.catchingUp);
      expect(during.length).toBeGreaterThan(3);
      expect(during.some((r) => r.hasMore)).toBe(true);
      const counts = reports.map((r) => r.events);
      expect(counts).toEqual([...counts].sort((x, y) => x - y));
      const last = reports.at(-1)!;
      expect(last).toMatchObject({ catchingUp: false, hasMore: false, messages: 450 });
      expect(last.events).toBeGreaterThanOrEqual(451); // the chat's creation too
      expect(fresh.client.syncProgress.catchingUp).toBe(false);
    } finally {
      await fresh.client.close();
      await a.client.close();
      await b.client.close();
    }
  });

  it("a device back from offline reports the socket's replay, and nothing when nothing was missed", async () => {
    const { a, b, conversationId } = await chatWithHistory(0);
    try {
      await a.client.connect();
      await a.client.whenSynced();
      const reports = record(a);
      a.client.disconnect();
      await sendMany(b, conversationId, 120, 'away');
      await a.client.connect();
      await a.client.whenSynced();
      expect(a.client.state.messages[conversationId]).toHaveLength(120);
      expect(reports.filter((r) => r.catchingUp).map((r) => r.messages)).toEqual([50, 100]);
      expect(reports.filter((r) => r.catchingUp).every((r) => r.hasMore)).toBe(true);
      expect(reports.at(-1)).toEqual({ catchingUp: false, hasMore: false, events: 120, messages: 120 });

      const quiet = record(a);
      a.client.disconnect();
      await a.client.connect();
      await a.client.whenSynced();
      expect(quiet).toEqual([]);
    } finally {
      await a.client.close();
      await b.client.close();
    }
  });
});
