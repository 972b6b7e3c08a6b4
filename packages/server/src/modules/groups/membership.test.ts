// Group membership and roles: who may add, remove, promote, transfer; leaving and the owner's
// succession; system messages in the timeline; a removed member's view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, group, registerUser, send, type TestUser } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const base = (id: string) => `/v1/conversations/${id}`;
const call = (u: TestUser, method: string, path: string, body?: unknown) =>
  api(s.url, method, path, { token: u.token, body });

async function roles(u: TestUser, id: string): Promise<Record<string, string>> {
  const r = await call(u, 'GET', `${base(id)}/members`);
  expect(r.status).toBe(200);
  return Object.fromEntries(r.body.members.map((m: { userId: string; role: string }) => [m.userId, m.role]));
}

/** owner, admin, member, spare (a member), and an outsider; the admin is promoted by the owner. */
async function world() {
  const [owner, admin, member, spare, outsider] = await Promise.all(
    Array.from({ length: 5 }, () => registerUser(s.url)),
  );
  const id = await group(s.url, owner!, [admin!, member!, spare!], 'team');
  expect((await call(owner!, 'PUT', `${base(id)}/members/${admin!.user.id}/role`, { role: 'admin' })).status).toBe(200);
  return { id, owner: owner!, admin: admin!, member: member!, spare: spare!, outsider: outsider! };
}

describe('group roles', () => {
  it('adding: admins and the owner may, members may not, outsiders get 404', async () => {
    const w = await world();
    const [x, y, z] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const add = (u: TestUser, who: TestUser) => call(u, 'POST', `${base(w.id)}/members`, { userIds: [who.user.id] });
    expect((await add(w.member, x)).status).toBe(403);
    expect((await add(w.outsider, x)).status).toBe(404);
    const byAdmin = await add(w.admin, x);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.conversation.memberCount).toBe(5);
    expect((await add(w.owner, y)).body.conversation.memberCount).toBe(6);
    // Someone already in it is skipped; nothing changes.
    const seqBefore = (await call(w.owner, 'GET', base(w.id))).body.conversation.lastSeq;
    const again = await add(w.owner, y);
    expect(again.body.conversation).toMatchObject({ memberCount: 6, lastSeq: seqBefore });
    expect((await call(w.owner, 'POST', `${base(w.id)}/members`, { userIds: ['no-such-user'] })).status).toBe(404);
    expect((await roles(w.owner, w.id))[z!.user.id]).toBeUndefined();
  });

  it('removing: admins remove members, only the owner removes admins, nobody removes the owner', async () => {
    const w = await world();
    const del = (u: TestUser, who: TestUser) => call(u, 'DELETE', `${base(w.id)}/members/${who.user.id}`);
    expect((await del(w.member, w.spare)).status).toBe(403);
    expect((await del(w.outsider, w.spare)).status).toBe(404);
    expect((await del(w.admin, w.owner)).status).toBe(403);
    expect((await del(w.owner, w.owner)).status).toBe(204); // naming yourself is leaving
    const w2 = await world();
    const del2 = (u: TestUser, who: TestUser) => call(u, 'DELETE', `${base(w2.id)}/members/${who.user.id}`);
    expect((await del2(w2.admin, w2.owner)).status).toBe(403);
    const otherAdmin = w2.spare;
    await call(w2.owner, 'PUT', `${base(w2.id)}/members/${otherAdmin.user.id}/role`, { role: 'admin' });
    expect((await del2(w2.admin, otherAdmin)).status).toBe(403);
    expect((await del2(w2.admin, w2.member)).status).toBe(204);
    expect((await del2(w2.owner, otherAdmin)).status).toBe(204);
    expect((await del2(w2.owner, w2.outsider)).status).toBe(404);
    expect(Object.keys(await roles(w2.owner, w2.id)).sort()).toEqual([w2.owner.user.id, w2.admin.user.id].sort());
    // The removed member no longer sees the group: 404 everywhere, and it leaves their list.
    expect((await call(w2.member, 'GET', base(w2.id))).status).toBe(404);
    expect((await call(w2.member, 'GET', `${base(w2.id)}/messages`)).status).toBe(404);
    expect((await send(s.url, w2.member, w2.id, 'still here?')).status).toBe(404);
    expect((await del2(w2.member, w2.admin)).status).toBe(404);
    const list = (await call(w2.member, 'GET', '/v1/conversations')).body.conversations;
    expect(list.map((c: { id: string }) => c.id)).not.toContain(w2.id);
  });

  it('promote and demote: owner only; the owner cannot be demoted; admins are capped', async () => {
    const w = await world();
    const role = (u: TestUser, who: TestUser, r: string) =>
      call(u, 'PUT', `${base(w.id)}/members/${who.user.id}/role`, { role: r });
    expect((await role(w.admin, w.member, 'admin')).status).toBe(403);
    expect((await role(w.member, w.member, 'admin')).status).toBe(403);
    expect((await role(w.outsider, w.member, 'admin')).status).toBe(404);
    expect((await role(w.owner, w.owner, 'member')).status).toBe(403);
    expect((await role(w.owner, w.outsider, 'admin')).status).toBe(404);
    const promoted = await role(w.owner, w.member, 'admin');
    expect(promoted.status).toBe(200);
    // Longest-standing first; both joined at the group's creation, so by id.
    expect(promoted.body.conversation.adminIds).toEqual([w.admin.user.id, w.member.user.id].sort());
    const demoted = await role(w.owner, w.admin, 'member');
    expect(demoted.body.conversation).toMatchObject({ ownerId: w.owner.user.id, adminIds: [w.member.user.id] });
    expect(await roles(w.owner, w.id)).toMatchObject({ [w.admin.user.id]: 'member', [w.member.user.id]: 'admin' });
  });

  it('transfer ownership: owner only; the old owner becomes an admin', async () => {
    const w = await world();
    const transfer = (u: TestUser, who: TestUser) => call(u, 'POST', `${base(w.id)}/owner`, { userId: who.user.id });
    expect((await transfer(w.admin, w.admin)).status).toBe(403);
    expect((await transfer(w.member, w.member)).status).toBe(403);
    expect((await transfer(w.owner, w.outsider)).status).toBe(404);
    const r = await transfer(w.owner, w.member);
    expect(r.status).toBe(200);
    expect(r.body.conversation.ownerId).toBe(w.member.user.id);
    expect(await roles(w.owner, w.id)).toMatchObject({
      [w.owner.user.id]: 'admin',
      [w.member.user.id]: 'owner',
    });
    // The new owner rules: the old one can no longer remove admins.
    expect((await call(w.owner, 'DELETE', `${base(w.id)}/members/${w.admin.user.id}`)).status).toBe(403);
    expect((await call(w.member, 'DELETE', `${base(w.id)}/members/${w.owner.user.id}`)).status).toBe(204);
  });

  it('an owner who leaves hands the group to the longest-standing admin, else member; the last one leaves it empty', async () => {
    const w = await world();
    const leave = (u: TestUser) => call(u, 'POST', `${base(w.id)}/leave`);
    expect((await leave(w.outsider)).status).toBe(404);
    expect((await leave(w.owner)).status).toBe(204);
    expect((await call(w.admin, 'GET', base(w.id))).body.conversation.ownerId).toBe(w.admin.user.id);
    // No admin left: the longest-standing member (both joined at creation: ordered by id).
    expect((await leave(w.admin)).status).toBe(204);
    const heir = [w.member, w.spare].sort((a, b) => (a.user.id < b.user.id ? -1 : 1))[0]!;
    const other = heir === w.member ? w.spare : w.member;
    expect((await call(heir, 'GET', base(w.id))).body.conversation.ownerId).toBe(heir.user.id);
    expect((await leave(other)).status).toBe(204);
    expect((await leave(heir)).status).toBe(204);
    const row = await s.server.ctx.storage.read
      .selectFrom('conversations')
      .select(['member_count'])
      .where('id', '=', w.id)
      .executeTakeFirst();
    expect(row).toEqual({ member_count: 0 });
    expect((await leave(heir)).status).toBe(404);
  });

  it('a direct chat has no members to manage', async () => {
    const [a, b, c] = await Promise.all([registerUser(s.url), registerUser(s.url), registerUser(s.url)]);
    const d = (await call(a, 'POST', '/v1/conversations', { kind: 'direct', memberIds: [b.user.id] })).body
      .conversation;
    expect(d).toMatchObject({ memberCount: 2, ownerId: null, adminIds: [] });
    expect([...d.memberIds].sort()).toEqual([a.user.id, b.user.id].sort());
    expect((await call(a, 'POST', `${base(d.id)}/members`, { userIds: [c.user.id] })).status).toBe(403);
    expect((await call(a, 'DELETE', `${base(d.id)}/members/${b.user.id}`)).status).toBe(403);
    expect((await call(a, 'POST', `${base(d.id)}/leave`)).status).toBe(403);
    expect((await call(a, 'PATCH', base(d.id), { title: 'x' })).status).toBe(403);
  });

  it('every change is a system message in the timeline, at the next seq', async () => {
    const w = await world();
    const newcomer = await registerUser(s.url);
    await send(s.url, w.member, w.id, 'hello');
    await call(w.admin, 'POST', `${base(w.id)}/members`, { userIds: [newcomer.user.id] });
    await call(w.owner, 'PATCH', base(w.id), { title: 'renamed', description: 'about us' });
    await call(w.owner, 'DELETE', `${base(w.id)}/members/${w.spare.user.id}`);
    await call(w.member, 'POST', `${base(w.id)}/leave`);
    const history = (await call(w.owner, 'GET', `${base(w.id)}/messages`)).body.messages as {
      seq: number;
      text: string;
      senderId: string;
      system: { action: string; actorId: string; userIds: string[]; role: string | null; fields: string[] } | null;
    }[];
    expect(history.map((m) => m.seq)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(history.map((m) => m.system?.action ?? m.text)).toEqual([
      'role_changed',
      'hello',
      'members_added',
      'conversation_updated',
      'member_removed',
      'member_left',
    ]);
    expect(history[0]!.system).toMatchObject({ actorId: w.owner.user.id, userIds: [w.admin.user.id], role: 'admin' });
    expect(history[2]!.system).toMatchObject({ actorId: w.admin.user.id, userIds: [newcomer.user.id] });
    expect(history[3]!.system).toMatchObject({ fields: ['title', 'description'], title: 'renamed' });
    expect(history[4]!.system).toMatchObject({ actorId: w.owner.user.id, userIds: [w.spare.user.id] });
    expect(history[5]!.system).toMatchObject({ actorId: w.member.user.id, userIds: [w.member.user.id] });
    expect(history.filter((m) => m.system).every((m) => m.text === '')).toBe(true);
    expect(history[1]!.system).toBeNull();
    // The newcomer's history starts at their arrival.
    const theirs = (await call(newcomer, 'GET', `${base(w.id)}/messages`)).body.messages;
    expect(theirs.map((m: { seq: number }) => m.seq)).toEqual([4, 5, 6, 7]);
  });

  it('a member who rejoins starts a new membership and does not see the gap', async () => {
    const w = await world();
    await call(w.owner, 'DELETE', `${base(w.id)}/members/${w.member.user.id}`); // seq 3
    await send(s.url, w.owner, w.id, 'while away'); // seq 4
    await call(w.owner, 'POST', `${base(w.id)}/members`, { userIds: [w.member.user.id] }); // seq 5
    await send(s.url, w.owner, w.id, 'welcome back'); // seq 6
    const theirs = (await call(w.member, 'GET', `${base(w.id)}/messages`)).body.messages;
    expect(theirs.map((m: { seq: number }) => m.seq)).toEqual([5, 6]);
    const members = (await call(w.member, 'GET', `${base(w.id)}/members`)).body.members;
    expect(members.find((m: { userId: string }) => m.userId === w.member.user.id)).toMatchObject({ joinedSeq: 5 });
  });

  it('members page by userId with after and limit', async () => {
    const w = await world();
    const all: string[] = [];
    let after: string | null = null;
    do {
      const r: { body: { members: { userId: string }[]; nextAfter: string | null } } = await call(
        w.member,
        'GET',
        `${base(w.id)}/members?limit=1${after ? `&after=${after}` : ''}`,
      );
      all.push(...r.body.members.map((m) => m.userId));
      after = r.body.nextAfter;
    } while (after);
    expect(all).toEqual([w.owner, w.admin, w.member, w.spare].map((u) => u.user.id).sort());
    expect((await call(w.member, 'GET', `${base(w.id)}/members?limit=0`)).status).toBe(400);
  });
});
