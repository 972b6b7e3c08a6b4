// Group membership on the wire: sockets and /v1/sync of added, removed and leaving members.
// A removed member gets the event of their own removal, then nothing more of the group; an
// added member gets the group from their arrival on; a new group reaches its members' sockets
// although its Conversation no longer lists them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, group, loginUser, registerUser, send, WsClient, type TestUser } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

type Ev = { type: string; cursor: string; seq?: number; conversationId?: string; userId?: string };

async function syncAll(u: TestUser, cursor?: string): Promise<{ events: Ev[]; cursor: string }> {
  const events: Ev[] = [];
  for (;;) {
    const q = new URLSearchParams({ limit: '5', ...(cursor ? { cursor } : {}) });
    const r = await api(s.url, 'GET', `/v1/sync?${q}`, { token: u.token });
    expect(r.status).toBe(200);
    events.push(...(r.body.events as Ev[]));
    cursor = r.body.cursor as string;
    if (!r.body.hasMore) return { events, cursor };
  }
}

const base = (id: string) => `/v1/conversations/${id}`;

describe('group membership over sockets and sync', () => {
  it('a new group reaches the sockets of its members only', async () => {
    const [owner, a, b, outsider] = await Promise.all(Array.from({ length: 4 }, () => registerUser(s.url)));
    const sockets = await Promise.all([a!, b!, outsider!].map((u) => WsClient.connect(s.url, u.token)));
    const id = await group(s.url, owner!, [a!, b!], 'fresh');
    await send(s.url, owner!, id, 'first words');
    for (const ws of sockets.slice(0, 2)) {
      const created = await ws.next((f) => f.type === 'conversation.created');
      expect(created).toMatchObject({ conversationId: id, conversation: { memberCount: 3, memberIds: [] } });
      await ws.next((f) => f.type === 'message.created' && f['conversationId'] === id);
    }
    await send(s.url, owner!, await group(s.url, owner!, [outsider!], 'marker'), 'marker');
    await sockets[2]!.next((f) => f.type === 'message.created');
    expect(sockets[2]!.events().filter((e) => e['conversationId'] === id)).toEqual([]);
    sockets.forEach((w) => w.close());
  });

  it('a removed member gets their removal live, then nothing; an added one gets the group from then on', async () => {
    const [owner, stays, goes, comes] = await Promise.all(Array.from({ length: 4 }, () => registerUser(s.url)));
    const id = await group(s.url, owner!, [stays!, goes!], 'team');
    const [wsStays, wsGoes, wsComes] = (await Promise.all(
      [stays!, goes!, comes!].map((u) => WsClient.connect(s.url, u.token)),
    )) as [WsClient, WsClient, WsClient];
    await send(s.url, owner!, id, 'before');
    await wsGoes.next((f) => f.type === 'message.created');
    expect((await api(s.url, 'DELETE', `${base(id)}/members/${goes!.user.id}`, { token: owner!.token })).status).toBe(
      204,
    );
    const removal = await wsGoes.next((f) => f.type === 'member.removed');
    expect(removal).toMatchObject({ conversationId: id, userId: goes!.user.id, conversation: { memberCount: 2 } });
    expect((await wsStays.next((f) => f.type === 'member.removed'))['seq']).toBe(removal['seq']);

    await api(s.url, 'POST', `${base(id)}/members`, { token: owner!.token, body: { userIds: [comes!.user.id] } });
    const added = await wsComes.next((f) => f.type === 'member.added');
    expect(added).toMatchObject({ conversationId: id, conversation: { id, title: 'team', memberCount: 3 } });
    await send(s.url, owner!, id, 'after');
    await api(s.url, 'PATCH', base(id), { token: owner!.token, body: { title: 'team 2' } });
    expect((await wsComes.next((f) => f.type === 'message.created'))['message']).toMatchObject({ text: 'after' });
    await wsComes.next((f) => f.type === 'conversation.updated');
    await wsStays.next((f) => f.type === 'conversation.updated');
    // Something for the removed member elsewhere, to know their socket has caught up.
    const elsewhere = await group(s.url, owner!, [goes!], 'elsewhere');
    await wsGoes.next((f) => f.type === 'conversation.created' && f['conversationId'] === elsewhere);
    // (A socket without a cursor may still see the group's creation, committed just before it connected.)
    const seen = wsGoes.events().filter((e) => e['conversationId'] === id && e.type !== 'conversation.created');
    expect(seen.map((e) => e.type)).toEqual(['message.created', 'member.removed']);
    [wsStays, wsGoes, wsComes].forEach((w) => w.close());
  });

  it('sync: an offline member removed later gets everything up to their removal, then nothing', async () => {
    const [owner, goes] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const id = await group(s.url, owner!, [goes!], 'pair');
    const start = await syncAll(goes!);
    await send(s.url, owner!, id, 'while offline');
    await api(s.url, 'DELETE', `${base(id)}/members/${goes!.user.id}`, { token: owner!.token });
    await send(s.url, owner!, id, 'after removal');
    await api(s.url, 'PATCH', base(id), { token: owner!.token, body: { title: 'secret' } });
    const later = await syncAll(goes!, start.cursor);
    expect(later.events.map((e) => [e.type, e.seq])).toEqual([
      ['message.created', 2],
      ['member.removed', 3],
    ]);
    // From scratch too, on a new device.
    const all = await syncAll(await loginUser(s.url, goes!));
    expect(all.events.filter((e) => e.conversationId === id).map((e) => e.seq)).toEqual([1, 2, 3]);
    // A socket resuming from the old cursor gets the same, then `synced`.
    const ws = await WsClient.connect(s.url, goes!.token, { cursor: start.cursor });
    expect(ws.events().map((e) => e['seq'])).toEqual([2, 3]);
    ws.close();

    // Back in: a new membership from the re-adding change, nothing of the gap.
    await api(s.url, 'POST', `${base(id)}/members`, { token: owner!.token, body: { userIds: [goes!.user.id] } });
    const back = await syncAll(goes!, later.cursor);
    expect(back.events.map((e) => [e.type, e.seq])).toEqual([['member.added', 6]]);
  });

  it('leaving: the leaver gets their own departure and the handover, then nothing', async () => {
    const [owner, heir] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    const id = await group(s.url, owner!, [heir!], 'handover');
    const ws = await WsClient.connect(s.url, owner!.token);
    const wsHeir = await WsClient.connect(s.url, heir!.token);
    expect((await api(s.url, 'POST', `${base(id)}/leave`, { token: owner!.token })).status).toBe(204);
    await ws.next((f) => f.type === 'member.removed');
    const handover = await wsHeir.next((f) => f.type === 'member.role_changed');
    expect(handover).toMatchObject({ conversation: { ownerId: heir!.user.id }, members: [{ role: 'owner' }] });
    await send(s.url, heir!, id, 'mine now');
    await wsHeir.next((f) => f.type === 'message.created');
    const marker = await group(s.url, heir!, [owner!], 'marker');
    await ws.next((f) => f.type === 'conversation.created' && f['conversationId'] === marker);
    const seen = ws.events().filter((e) => e['conversationId'] === id && e.type !== 'conversation.created');
    expect(seen.map((e) => e.type)).toEqual(['member.removed']);
    const synced = await syncAll(owner!);
    expect(synced.events.filter((e) => e.conversationId === id).map((e) => e.type)).toEqual([
      'conversation.created',
      'member.removed',
    ]);
    [ws, wsHeir].forEach((w) => w.close());
  });
});
