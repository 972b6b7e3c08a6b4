// Bad input for every endpoint of the route table: a catalog error, and nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOG, routes, type RouteDef } from '@anytime/protocol';
import type { z } from 'zod';
import { startTestServer, type TestServer } from '../testing.js';
import { api, direct, registerUser, send, type TestUser } from '../test-support/harness.js';

let s: TestServer;
let owner: TestUser;
let outsider: TestUser;
let conv: string;

const TABLES = [
  'users',
  'devices',
  'conversations',
  'members',
  'messages',
  'events',
  'server_secrets',
  'user_settings',
  'past_members',
  'invites',
  'conversation_avatars',
  'search_docs',
  'search_indexer',
  'push_subscriptions',
  'link_previews',
  'message_edits',
  'message_reactions',
  'message_hidden',
  'message_stars',
  'message_mentions',
  'message_changes',
  'conversation_states',
  'receipts',
  'contacts',
  'blocks',
  'reports',
  'report_messages',
  'presence',
  'last_seen',
  'identity_keys',
  'device_keys',
  'mls_key_packages',
  'mls_groups',
  'mls_messages',
  'mls_welcomes',
] as const;

async function snapshot(): Promise<string> {
  // Search is indexed after commit: what the setup wrote must be indexed before comparing.
  await s.server.searchIndexer.idle();
  const db = s.server.ctx.storage.read;
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) {
    const rows = (await db.selectFrom(t).selectAll().execute()) as Record<string, unknown>[];
    out[t] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(out);
}

function pathFor(r: RouteDef, id: string): string {
  // A valid variant name, so that only the id is wrong.
  return r.path.replace(':id', encodeURIComponent(id)).replace(':variant', 'original');
}

const entries = Object.entries(routes) as [string, RouteDef][];

/** A well-formed body or query for routes whose id is what the 404 test is about. */
const VALID_INPUT: Record<string, () => { body?: unknown; query?: string }> = {
  addMembers: () => ({ body: { userIds: ['someone'] } }),
  setMemberRole: () => ({ body: { role: 'admin' } }),
  transferOwnership: () => ({ body: { userId: 'someone' } }),
  updateConversation: () => ({ body: { title: 'x' } }),
  createInvite: () => ({ body: {} }),
  editMessage: () => ({ body: { text: 'x' } }),
  addReaction: () => ({ body: { emoji: '👍' } }),
  removeReaction: () => ({ query: `?emoji=${encodeURIComponent('👍')}` }),
  forwardMessage: () => ({ body: { clientId: `f-${Math.random()}`, conversationId: conv } }),
  setTimer: () => ({ body: { seconds: 300 } }),
  updateConversationState: () => ({ body: { archived: true } }),
  reportReceipts: () => ({ body: { readSeq: 1 } }),
  addPhotoTag: () => ({ body: { mediaId: 'some-media', userId: 'someone', x: 0.1, y: 0.1, w: 0.2, h: 0.2 } }),
  listGallery: () => ({ query: '?kind=photos' }),
  sendSealed: () => ({
    body: {
      clientId: `s-${Math.random()}`,
      suite: 'x25519-hkdf-sha256-aes128gcm',
      viewOnce: false,
      envelopes: [{ deviceId: 'some-device', enc: 'A'.repeat(43), ciphertext: 'AAAA' }],
    },
  }),
  submitMlsCommit: () => ({ body: { epoch: 0, commit: 'AAAA' } }),
  sendMlsMessage: () => ({ body: { clientId: `m-${Math.random()}`, epoch: 0, ciphertext: 'AAAA' } }),
};

beforeAll(async () => {
  s = await startTestServer();
  owner = await registerUser(s.url);
  outsider = await registerUser(s.url);
  const friend = await registerUser(s.url);
  conv = await direct(s.url, owner, friend);
  await send(s.url, owner, conv, 'existing');
});
afterAll(() => s.close());

function expectCatalogError(
  r: { status: number; body: { error?: { code: string; message: string } } },
  status: number,
) {
  expect(r.status).toBe(status);
  const code = r.body.error?.code as keyof typeof ERROR_CATALOG;
  expect(ERROR_CATALOG[code]?.status).toBe(status);
  expect(typeof r.body.error?.message).toBe('string');
}

describe('bad input changes nothing', () => {
  it('every authenticated route refuses a missing token with 401', async () => {
    const before = await snapshot();
    for (const [, r] of entries.filter(([, r]) => r.auth)) {
      const res = await api(s.url, r.method, pathFor(r, conv), r.body ? { body: {} } : {});
      expectCatalogError(res, 401);
    }
    expect(await snapshot()).toBe(before);
  });

  it('every route with a body refuses broken JSON, wrong types, missing and unknown fields', async () => {
    const before = await snapshot();
    for (const [name, r] of entries.filter(([, r]) => r.body)) {
      const token = r.auth ? owner.token : undefined;
      const path = pathFor(r, conv);
      expectCatalogError(await api(s.url, r.method, path, { token, raw: '{"broken": ' }), 400);
      expect((await api(s.url, r.method, path, { token, raw: '{"broken": ' })).body.error.code).toBe('invalid_json');
      // An empty body is fine where every field is optional (e.g. an invite without limits).
      const emptyIsValid = (r.body as unknown as z.ZodType).safeParse({}).success;
      for (const body of [42, 'text', [], null, ...(emptyIsValid ? [] : [{}]), { unexpected: true }]) {
        const res = await api(s.url, r.method, path, { token, body });
        expectCatalogError(res, 400);
      }
      // Each known field with a wrong type.
      const shape = (r.body as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      for (const field of Object.keys(shape)) {
        const res = await api(s.url, r.method, path, { token, body: { [field]: { wrong: ['type'] } } });
        expect(res.status, `${name}.${field}`).toBe(400);
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it('refuses bodies over the limit with 413 and other content types with 415', async () => {
    const before = await snapshot();
    const huge = JSON.stringify({ clientId: 'big', text: 'x'.repeat(2 * 1024 * 1024) });
    const r = await api(s.url, 'POST', `/v1/conversations/${conv}/messages`, { token: owner.token, raw: huge });
    expectCatalogError(r, 413);
    expect(r.body.error.code).toBe('body_too_large');
    const xml = await api(s.url, 'POST', '/v1/auth/register', {
      raw: '<user/>',
      headers: { 'content-type': 'application/xml' },
    });
    expectCatalogError(xml, 415);
    expect(await snapshot()).toBe(before);
  });

  it('every route with an id answers 404 for unknown ids and for conversations of others', async () => {
    const before = await snapshot();
    for (const [name, r] of entries.filter(([, r]) => r.params)) {
      for (const [token, id] of [
        [owner.token, 'no-such-id'],
        [owner.token, 'x'.repeat(300)],
        ...(r.path.startsWith('/v1/conversations') ? [[outsider.token, conv]] : []),
      ] as [string, string][]) {
        const valid = VALID_INPUT[name]?.();
        const body =
          name === 'sendMessage'
            ? { clientId: `c-${Math.random()}`, text: 'hi' }
            : r.body
              ? (valid?.body ?? { displayName: 'x' })
              : undefined;
        const res = await api(s.url, r.method, pathFor(r, id) + (valid?.query ?? ''), { token, body });
        expect(res.status, `${name} ${id.slice(0, 20)}`).toBe(404);
        expectCatalogError(res, 404);
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it('query strings with wrong types are refused', async () => {
    const before = await snapshot();
    const cases = [
      `/v1/conversations/${conv}/messages?limit=0`,
      `/v1/conversations/${conv}/messages?limit=abc`,
      `/v1/conversations/${conv}/messages?afterSeq=-1`,
      `/v1/conversations/${conv}/messages?afterSeq=5&beforeSeq=3`,
      `/v1/conversations/${conv}/messages?what=1`,
      '/v1/users?prefix=',
      '/v1/users?prefix=a&limit=9999',
      '/v1/sync?limit=0',
      '/v1/sync?cursor=not-a-cursor',
      '/v1/search',
      '/v1/search?q=',
      '/v1/search?q=ab',
      '/v1/search?q=abc&limit=0',
      '/v1/search?q=abc&before=nope',
      '/v1/search?q=abc&what=1',
      '/v1/link-preview',
      '/v1/link-preview?url=ftp://example.com/',
      '/v1/link-preview?url=http://127.0.0.1/',
    ];
    for (const path of cases) {
      const res = await api(s.url, 'GET', path, { token: owner.token });
      expectCatalogError(res, 400);
    }
    expect((await api(s.url, 'GET', '/v1/sync?cursor=nope', { token: owner.token })).body.error.code).toBe(
      'invalid_cursor',
    );
    expect(await snapshot()).toBe(before);
  });

  it('unknown routes answer route_not_found', async () => {
    const r = await api(s.url, 'GET', '/v1/definitely/not/here', { token: owner.token });
    expectCatalogError(r, 404);
    expect(r.body.error.code).toBe('route_not_found');
  });
});
