// Migration 0012 on a real database of the backend under test: messages.media defaults to an
// empty list, photo tag regions keep full precision, and a person is tagged once per photo.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, testBackend, type TestServer } from '../../testing.js';
import { direct, registerUser, send } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

it(`adds messages.media ('[]' by default) and photo_tags on ${testBackend()}`, async () => {
  const [a, b] = await Promise.all([registerUser(s.url), registerUser(s.url)]);
  const conv = await direct(s.url, a, b);
  const m = (await send(s.url, a, conv, 'no media')).body.message;
  const db = s.server.ctx.storage;
  const row = await db.read.selectFrom('messages').select('media').where('id', '=', m.id).executeTakeFirstOrThrow();
  expect(row.media).toBe('[]');

  const tag = {
    message_id: m.id,
    media_id: 'md1',
    conversation_id: conv,
    user_id: b.user.id,
    tagged_by: a.user.id,
    x: 0.123456789012,
    y: 0.5,
    w: 1 / 3,
    h: 0.25,
    created_at: new Date().toISOString(),
  };
  await db.write((tx) =>
    tx.db
      .insertInto('photo_tags')
      .values({ id: 't1', ...tag })
      .execute(),
  );
  const back = await db.read.selectFrom('photo_tags').selectAll().where('id', '=', 't1').executeTakeFirstOrThrow();
  expect(Number(back.x)).toBe(0.123456789012);
  expect(Number(back.w)).toBe(1 / 3);
  // One tag per person per photo of a message.
  await expect(
    db.write((tx) =>
      tx.db
        .insertInto('photo_tags')
        .values({ id: 't2', ...tag })
        .execute(),
    ),
  ).rejects.toThrow();
  const n = await db.read.selectFrom('photo_tags').select('id').where('message_id', '=', m.id).execute();
  expect(n).toHaveLength(1);
});
