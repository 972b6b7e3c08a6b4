import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReportsCli } from '../../reports-cli.js';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, group, registerUser, send, WsClient } from '../../test-support/harness.js';
import { listReports } from './reports.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const count = async (table: 'reports' | 'report_messages' | 'blocks') =>
  Number(
    (
      await s.server.ctx.storage.read
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('reports', () => {
  it('keep a copy of the reported messages that survives edits and deletes, and may block', async () => {
    const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const conv = await direct(s.url, a, b);
    const m1 = (await send(s.url, b, conv, 'buy cheap pills')).body.message;
    const m2 = (await send(s.url, b, conv, 'click this link')).body.message;
    const wsA = await WsClient.connect(s.url, a.token);
    const r = await api(s.url, 'POST', '/v1/reports', {
      token: a.token,
      body: { clientId: 'r1', messageIds: [m2.id, m1.id], reason: 'spam', comment: 'again and again', block: true },
    });
    expect(r.status).toBe(201);
    // The reported user is the sender of the messages; blocking went with the report.
    await wsA.next((f) => f.type === 'block.added');
    expect((await send(s.url, b, conv, 'hello?')).status).toBe(403);
    // The sender edits and deletes the originals later (simulated on the rows): the copy stays.
    await s.server.ctx.storage.write(async (tx) => {
      await tx.db.updateTable('messages').set({ text: 'nothing to see' }).where('id', '=', m1.id).execute();
      await tx.db.deleteFrom('messages').where('id', '=', m2.id).execute();
    });
    const [stored] = (await listReports(s.server.ctx.storage.read, 50)).filter((x) => x.id === r.body.report.id);
    expect(stored).toMatchObject({
      reporterId: a.user.id,
      reportedUserId: b.user.id,
      reason: 'spam',
      comment: 'again and again',
      blocked: true,
    });
    expect(stored!.messages).toEqual([
      {
        messageId: m1.id,
        conversationId: conv,
        seq: m1.seq,
        senderId: b.user.id,
        text: 'buy cheap pills',
        sentAt: m1.createdAt,
      },
      {
        messageId: m2.id,
        conversationId: conv,
        seq: m2.seq,
        senderId: b.user.id,
        text: 'click this link',
        sentAt: m2.createdAt,
      },
    ]);
    wsA.close();
  });

  it('only reference messages the reporter can see; bad reports change nothing', async () => {
    const [a, b, c] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const theirs = await direct(s.url, b, c);
    const hidden = (await send(s.url, b, theirs, 'private')).body.message;
    const g = await group(s.url, a, [b], 'g');
    const visible = (await send(s.url, b, g, 'visible')).body.message;
    const before = [await count('reports'), await count('report_messages'), await count('blocks')];
    const cases: [unknown, number, string][] = [
      [{ clientId: 'bad', messageIds: [hidden.id], reason: 'abuse' }, 404, 'not_found'],
      [{ clientId: 'bad', messageIds: [visible.id, hidden.id], reason: 'abuse' }, 404, 'not_found'],
      [{ clientId: 'bad', messageIds: ['no-such-message'], reason: 'abuse' }, 404, 'not_found'],
      [{ clientId: 'bad', userId: 'no-such-user', reason: 'abuse' }, 404, 'not_found'],
      [{ clientId: 'bad', userId: a.user.id, reason: 'abuse' }, 400, 'self_target'],
      [{ clientId: 'bad', reason: 'abuse' }, 400, 'invalid_request'],
      [{ clientId: 'bad', userId: b.user.id, reason: 'boring' }, 400, 'invalid_request'],
      [{ clientId: 'bad', userId: b.user.id, reason: 'spam', messageIds: [] }, 400, 'invalid_request'],
      [{ userId: b.user.id, reason: 'spam' }, 400, 'invalid_request'],
    ];
    for (const [body, status, code] of cases) {
      const r = await api(s.url, 'POST', '/v1/reports', { token: a.token, body });
      expect([r.status, r.body.error.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect([await count('reports'), await count('report_messages'), await count('blocks')]).toEqual(before);
    // A user alone, without messages, and without blocking.
    const ok = await api(s.url, 'POST', '/v1/reports', {
      token: a.token,
      body: { clientId: 'ok', userId: c.user.id, reason: 'impersonation' },
    });
    expect(ok.status).toBe(201);
    expect(await count('blocks')).toBe(before[2]);
  });

  it('a repeated clientId returns the original report with 200 and stores nothing', async () => {
    const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const body = { clientId: 'once', userId: b.user.id, reason: 'spam' };
    const first = await api(s.url, 'POST', '/v1/reports', { token: a.token, body });
    const before = await count('reports');
    const again = await Promise.all([1, 2, 3].map(() => api(s.url, 'POST', '/v1/reports', { token: a.token, body })));
    expect(again.map((r) => [r.status, r.body.report])).toEqual([1, 2, 3].map(() => [200, first.body.report]));
    expect(await count('reports')).toBe(before);
    // Another reporter may use the same clientId.
    expect(
      (await api(s.url, 'POST', '/v1/reports', { token: b.token, body: { ...body, userId: a.user.id } })).status,
    ).toBe(201);
  });

  it('operators list them with the reports CLI', async () => {
    const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const r = await api(s.url, 'POST', '/v1/reports', {
      token: a.token,
      body: { clientId: 'h', userId: b.user.id, reason: 'harassment' },
    });
    const lines: string[] = [];
    const n = await runReportsCli(s.env, ['--limit', '500'], (l) => lines.push(l));
    expect(n).toBe(lines.length);
    const mine = lines
      .map((l) => JSON.parse(l) as { id: string; reportedUserId: string })
      .find((x) => x.id === r.body.report.id);
    expect(mine).toMatchObject({ reportedUserId: b.user.id, reason: 'harassment', messages: [] });
  });
});
