// Migration 0014 on a real database of the backend under test: a call's clientId is unique per
// caller, a device is in a call once, a user is rung once per call, and the flags default to off.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, testBackend, type TestServer } from '../../testing.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

it(`creates calls, call_participants and call_rung on ${testBackend()}`, async () => {
  const db = s.server.ctx.storage;
  const now = new Date().toISOString();
  const call = {
    id: 'c1',
    conversation_id: 'conv1',
    topology: 'p2p' as const,
    media: 'audio' as const,
    caller_id: 'u1',
    caller_device_id: 'd1',
    client_id: 'k1',
    status: 'ringing' as const,
    created_at: now,
    ring_until: now,
    answered_at: null,
    ended_at: null,
    end_reason: null,
    sfu_node: null,
  };
  await db.write((tx) => tx.db.insertInto('calls').values(call).execute());
  // Same caller and clientId: refused.
  await expect(
    db.write((tx) =>
      tx.db
        .insertInto('calls')
        .values({ ...call, id: 'c2' })
        .execute(),
    ),
  ).rejects.toThrow();
  // Another caller may use the same clientId.
  await db.write((tx) =>
    tx.db
      .insertInto('calls')
      .values({ ...call, id: 'c3', caller_id: 'u2' })
      .execute(),
  );

  const part = {
    call_id: 'c1',
    device_id: 'd1',
    user_id: 'u1',
    joined_at: now,
    left_at: null,
    connection: null,
    node_id: null,
    disconnected_at: null,
  };
  await db.write((tx) => tx.db.insertInto('call_participants').values(part).execute());
  await expect(db.write((tx) => tx.db.insertInto('call_participants').values(part).execute())).rejects.toThrow();
  const row = await db.read
    .selectFrom('call_participants')
    .selectAll()
    .where('call_id', '=', 'c1')
    .executeTakeFirstOrThrow();
  expect([row.muted, row.camera_off, row.screen_sharing, row.hand_raised].map(Number)).toEqual([0, 0, 0, 0]);

  await db.write((tx) =>
    tx.db.insertInto('call_rung').values({ call_id: 'c1', user_id: 'u2', state: 'ringing' }).execute(),
  );
  await expect(
    db.write((tx) => tx.db.insertInto('call_rung').values({ call_id: 'c1', user_id: 'u2', state: 'missed' }).execute()),
  ).rejects.toThrow();
});
