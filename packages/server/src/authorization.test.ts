// The authorization matrix: every route of the protocol's route table, called as each kind of
// caller, must answer the expected status. `cases` is a Record over RouteName, so a new route
// does not compile until it has a row here; a runtime check repeats that for good measure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteName } from '@anytime/protocol';
import { startTestServer, type TestServer } from './testing.js';
import { AUTH_CASES, CALLERS, type Caller, type Fixture } from './test-support/authorization-cases.js';
import { api, direct, group, loginUser, registerUser, send } from './test-support/harness.js';

let s: TestServer;

/** A fresh world for one route: a group and a direct chat, and one user per kind of caller. */
async function buildFixture(): Promise<Fixture> {
  const [member, nonMember, removed, blocked, other] = await Promise.all([
    registerUser(s.url),
    registerUser(s.url),
    registerUser(s.url),
    registerUser(s.url),
    registerUser(s.url),
  ]);
  const groupId = await group(s.url, member, [removed, blocked, other], 'matrix');
  const directId = await direct(s.url, member, blocked);
  const first = await send(s.url, member, groupId, 'hello group');
  const directFirst = await send(s.url, member, directId, 'hello direct');
  // The removed member leaves the group's member list the way the product does it.
  const removal = await api(s.url, 'DELETE', `/v1/conversations/${groupId}/members/${removed.user.id}`, {
    token: member.token,
  });
  if (removal.status !== 204) throw new Error(`removal failed: ${removal.status}`);
  // The member blocks the blocked user; until blocking exists this is a no-op.
  await api(s.url, 'POST', '/v1/blocks', { token: member.token, body: { userId: blocked.user.id } });
  return {
    url: s.url,
    users: { member, nonMember, removed, blocked, other },
    groupId,
    directId,
    groupMessageId: (first.body as { message: { id: string } }).message.id,
    directMessageId: (directFirst.body as { message: { id: string } }).message.id,
    login: (u) => loginUser(s.url, u),
  };
}

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

function pathOf(name: RouteName, params: Record<string, string>): string {
  return routes[name].path.replace(/:([A-Za-z]+)/g, (_, key: string) => {
    const v = params[key];
    if (v === undefined) throw new Error(`${name}: no value for path parameter ${key}`);
    return encodeURIComponent(v);
  });
}

describe('authorization matrix', () => {
  it('has a row for every route and no row for a route that does not exist', () => {
    expect(Object.keys(AUTH_CASES).sort()).toEqual(Object.keys(routes).sort());
  });

  for (const name of Object.keys(routes) as RouteName[]) {
    it(`${routes[name].method} ${routes[name].path}`, async () => {
      const c = AUTH_CASES[name];
      const got: Partial<Record<Caller, number>> = {};
      // One world per route, unless the route changes it for the callers after (c.fresh).
      let f = await buildFixture();
      for (const caller of CALLERS) {
        if (c.fresh && caller !== CALLERS[0]) f = await buildFixture();
        const req = await c.request(f, caller);
        const user = caller === 'anonymous' ? null : f.users[caller];
        const token = req.token !== undefined ? req.token : user?.token;
        const query = req.query ? `?${new URLSearchParams(req.query).toString()}` : '';
        const res = await api(s.url, routes[name].method, pathOf(name, req.params ?? {}) + query, {
          token: token ?? undefined,
          body: req.body,
          raw: req.raw,
        });
        got[caller] = res.status;
      }
      expect(got).toEqual(c.expect);
    });
  }
});
