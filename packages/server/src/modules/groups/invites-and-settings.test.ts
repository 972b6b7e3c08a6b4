// Invite links (expiry, revocation, maximum uses, a full group), the group's title,
// description, avatar and announcements-only mode.
import { LIMITS } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { bulkUsers } from '../../test-support/bulk-users.js';
import { api, group, registerUser, send, WsClient, type TestUser } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const base = (id: string) => `/v1/conversations/${id}`;
const call = (u: TestUser, method: string, path: string, body?: unknown) =>
  api(s.url, method, path, { token: u.token, body });

async function trio() {
  const [owner, member, outsider] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
  const id = await group(s.url, owner!, [member!], 'club');
  return { id, owner: owner!, member: member!, outsider: outsider! };
}

describe('invite links', () => {
  it('admins create, list and revoke; anyone signed in previews and joins; joining again is a no-op', async () => {
    const w = await trio();
    expect((await call(w.member, 'POST', `${base(w.id)}/invites`, {})).status).toBe(403);
    expect((await call(w.outsider, 'POST', `${base(w.id)}/invites`, {})).status).toBe(404);
    const created = await call(w.owner, 'POST', `${base(w.id)}/invites`, { maxUses: 5, clientId: 'inv-1' });
    expect(created.status).toBe(201);
    const invite = created.body.invite;
    // A retried create returns the same link.
    expect(
      (await call(w.owner, 'POST', `${base(w.id)}/invites`, { maxUses: 5, clientId: 'inv-1' })).body.invite,
    ).toEqual(invite);
    expect(invite).toMatchObject({ conversationId: w.id, maxUses: 5, uses: 0, revoked: false, expiresAt: null });
    expect((await call(w.member, 'GET', `${base(w.id)}/invites`)).status).toBe(403);
    expect((await call(w.owner, 'GET', `${base(w.id)}/invites`)).body.invites).toEqual([invite]);

    const preview = await call(w.outsider, 'GET', `/v1/invites/${invite.code}`);
    expect(preview.status).toBe(200);
    expect(preview.body.preview).toEqual({ conversationId: w.id, title: 'club', description: null, memberCount: 2 });
    expect((await api(s.url, 'GET', `/v1/invites/${invite.code}`)).status).toBe(401);
    expect((await call(w.outsider, 'GET', '/v1/invites/no-such-code')).status).toBe(404);

    const joined = await call(w.outsider, 'POST', `/v1/invites/${invite.code}/join`);
    expect(joined.status).toBe(201);
    expect(joined.body.conversation.memberCount).toBe(3);
    const again = await call(w.outsider, 'POST', `/v1/invites/${invite.code}/join`);
    expect(again.status).toBe(200);
    expect(again.body.conversation.lastSeq).toBe(joined.body.conversation.lastSeq);
    expect((await call(w.owner, 'GET', `${base(w.id)}/invites`)).body.invites[0].uses).toBe(1);
    const history = (await call(w.outsider, 'GET', `${base(w.id)}/messages`)).body.messages;
    expect(history.map((m: { system: { action: string } }) => m.system.action)).toEqual(['member_joined']);

    expect((await call(w.member, 'DELETE', `${base(w.id)}/invites/${invite.code}`)).status).toBe(403);
    expect((await call(w.owner, 'DELETE', `${base(w.id)}/invites/nope`)).status).toBe(404);
    expect((await call(w.owner, 'DELETE', `${base(w.id)}/invites/${invite.code}`)).status).toBe(204);
    expect((await call(w.owner, 'GET', `${base(w.id)}/invites`)).body.invites).toEqual([]);
    const late = await registerUser(s.url);
    for (const [m, p] of [
      ['GET', `/v1/invites/${invite.code}`],
      ['POST', `/v1/invites/${invite.code}/join`],
    ] as const) {
      const r = await call(late, m, p);
      expect(r.status).toBe(410);
      expect(r.body.error.code).toBe('invite_revoked');
    }
    // A member is still welcome with a revoked link: nothing to do.
    expect((await call(w.outsider, 'POST', `/v1/invites/${invite.code}/join`)).status).toBe(200);
  });

  it('refuses expired and used-up links, and a full group, changing nothing', async () => {
    const w = await trio();
    const once = (await call(w.owner, 'POST', `${base(w.id)}/invites`, { maxUses: 1 })).body.invite;
    const soon = (await call(w.owner, 'POST', `${base(w.id)}/invites`, { expiresInSeconds: 60 })).body.invite;
    const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
    expect((await call(a, 'POST', `/v1/invites/${once.code}/join`)).status).toBe(201);
    const used = await call(b, 'POST', `/v1/invites/${once.code}/join`);
    expect(used.status).toBe(410);
    expect(used.body.error.code).toBe('invite_used_up');
    // Age the second link past its expiry.
    await s.server.ctx.storage.write((tx) =>
      tx.db
        .updateTable('invites')
        .set({ expires_at: '2000-01-01T00:00:00.000Z' })
        .where('code', '=', soon.code)
        .execute(),
    );
    const expired = await call(b, 'POST', `/v1/invites/${soon.code}/join`);
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('invite_expired');
    expect((await call(b, 'GET', `/v1/invites/${soon.code}`)).body.error.code).toBe('invite_expired');
    expect((await call(b, 'GET', base(w.id))).status).toBe(404);

    // A full group: fill it to the limit, then a working link is refused.
    const others = await bulkUsers(s, LIMITS.groupMembersMax - 3);
    await s.server.ctx.storage.write(async (tx) => {
      for (let i = 0; i < others.length; i += 1_000) {
        await tx.db
          .insertInto('members')
          .values(
            others.slice(i, i + 1_000).map((u) => ({
              conversation_id: w.id,
              user_id: u,
              role: 'member' as const,
              joined_at: new Date().toISOString(),
              joined_seq: 1,
            })),
          )
          .execute();
      }
      await tx.db
        .updateTable('conversations')
        .set({ member_count: LIMITS.groupMembersMax })
        .where('id', '=', w.id)
        .execute();
    });
    const open = (await call(w.owner, 'POST', `${base(w.id)}/invites`, {})).body.invite;
    const full = await call(b, 'POST', `/v1/invites/${open.code}/join`);
    expect(full.status).toBe(400);
    expect(full.body.error.code).toBe('too_many_members');
    const add = await call(w.owner, 'POST', `${base(w.id)}/members`, { userIds: [b.user.id] });
    expect(add.body.error.code).toBe('too_many_members');
    expect(
      (await call(w.owner, 'GET', `${base(w.id)}/invites`)).body.invites.find(
        (i: { code: string }) => i.code === open.code,
      ).uses,
    ).toBe(0);
  }, 60_000);
});

describe('group settings', () => {
  it('admins change title and description; members may not; unchanged values make no change', async () => {
    const w = await trio();
    expect((await call(w.member, 'PATCH', base(w.id), { title: 'mine' })).status).toBe(403);
    expect((await call(w.outsider, 'PATCH', base(w.id), { title: 'mine' })).status).toBe(404);
    expect((await call(w.owner, 'PATCH', base(w.id), {})).status).toBe(400);
    const r = await call(w.owner, 'PATCH', base(w.id), { title: 'Club 2', description: 'we meet on Fridays' });
    expect(r.body.conversation).toMatchObject({ title: 'Club 2', description: 'we meet on Fridays', lastSeq: 2 });
    const same = await call(w.owner, 'PATCH', base(w.id), { title: 'Club 2' });
    expect(same.body.conversation.lastSeq).toBe(2);
    const cleared = await call(w.owner, 'PATCH', base(w.id), { description: '' });
    expect(cleared.body.conversation).toMatchObject({ description: null, lastSeq: 3 });
  });

  it('announcements-only: members are refused with announcements_only, admins still send', async () => {
    const w = await trio();
    const ws = await WsClient.connect(s.url, w.member.token);
    expect((await call(w.member, 'PATCH', base(w.id), { announcementsOnly: true })).status).toBe(403);
    const on = await call(w.owner, 'PATCH', base(w.id), { announcementsOnly: true });
    expect(on.body.conversation.announcementsOnly).toBe(true);
    await ws.next((f) => f.type === 'conversation.updated');
    const refused = await send(s.url, w.member, w.id, 'may I?');
    expect(refused.status).toBe(403);
    expect((refused.body as { error: { code: string } }).error.code).toBe('announcements_only');
    ws.send({ type: 'send', conversationId: w.id, clientId: 'ws-1', text: 'over the socket' });
    const err = await ws.next((f) => f.type === 'error');
    expect(err).toMatchObject({ clientId: 'ws-1', error: { code: 'announcements_only' } });
    expect((await send(s.url, w.owner, w.id, 'news')).status).toBe(201);
    expect((await send(s.url, w.outsider, w.id, 'hi')).status).toBe(404);
    await call(w.owner, 'PATCH', base(w.id), { announcementsOnly: false });
    expect((await send(s.url, w.member, w.id, 'now I may')).status).toBe(201);
    ws.close();
  });

  it('avatar: a sniffed image of at most 512 KB, served to members with its type', async () => {
    const w = await trio();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);
    const put = (u: TestUser, body: Buffer, type = 'image/jpeg') =>
      fetch(`${s.url}${base(w.id)}/avatar`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${u.token}`, 'content-type': type },
        body: new Uint8Array(body),
      });
    expect((await put(w.member, png)).status).toBe(403);
    expect((await put(w.outsider, png)).status).toBe(404);
    // The declared type is ignored: a PNG sent as JPEG is stored as PNG.
    const ok = await put(w.owner, png);
    expect(ok.status).toBe(200);
    const conv = ((await ok.json()) as { conversation: { avatarUrl: string } }).conversation;
    expect(conv.avatarUrl).toMatch(new RegExp(`^/v1/conversations/${w.id}/avatar\\?v=1$`));
    const got = await fetch(s.url + conv.avatarUrl, { headers: { authorization: `Bearer ${w.member.token}` } });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);
    const stranger = await fetch(s.url + conv.avatarUrl, { headers: { authorization: `Bearer ${w.outsider.token}` } });
    expect(stranger.status).toBe(404);

    const before = (await call(w.owner, 'GET', base(w.id))).body.conversation.lastSeq;
    const text = await put(w.owner, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png');
    expect(text.status).toBe(400);
    expect(((await text.json()) as { error: { code: string } }).error.code).toBe('invalid_image');
    const huge = await put(w.owner, Buffer.concat([png, Buffer.alloc(LIMITS.avatarBytesMax)]), 'image/png');
    expect(huge.status).toBe(413);
    expect((await call(w.owner, 'GET', base(w.id))).body.conversation.lastSeq).toBe(before);

    // The same bytes again (a retried upload) change nothing.
    const retry = (await (await put(w.owner, png)).json()) as { conversation: { avatarUrl: string; lastSeq: number } };
    expect(retry.conversation).toMatchObject({ avatarUrl: conv.avatarUrl, lastSeq: before });

    const removed = await call(w.owner, 'DELETE', `${base(w.id)}/avatar`);
    expect(removed.body.conversation.avatarUrl).toBeNull();
    expect((await call(w.member, 'GET', `${base(w.id)}/avatar`)).status).toBe(404);
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    const next = (await (await put(w.owner, gif)).json()) as { conversation: { avatarUrl: string } };
    expect(next.conversation.avatarUrl).toMatch(/\?v=2$/);
  });
});
