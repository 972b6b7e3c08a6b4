// A reusable query runs exactly the SQL and parameters Kysely would compile for the same
// arguments, on both dialects, and gives the same results.
import { describe, expect, it } from 'vitest';
import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, DummyDriver } from 'kysely';
import { startTestServer } from '../testing.js';
import { reusableQuery } from './reusable-query.js';
import type { DB } from './schema.js';
import type { SealParams } from '../modules/at-rest/param-sealing.js';

const update = (db: Kysely<DB>, id: string, now: string, userId: string) =>
  db
    .updateTable('conversations')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1), last_activity_at: now }))
    .where('id', '=', id)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('members')
          .select('user_id')
          .whereRef('members.conversation_id', '=', 'conversations.id')
          .where('members.user_id', '=', userId),
      ),
    )
    .returning('last_seq');

describe('reusable queries', () => {
  it('compile to what Kysely compiles, with the arguments in their places (PostgreSQL compiler)', async () => {
    const seen: { sql: string; parameters: readonly unknown[] }[] = [];
    const db = new Kysely<DB>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => {
          const d = new DummyDriver();
          return Object.assign(d, {
            acquireConnection: async () => ({
              executeQuery: async (q: { sql: string; parameters: readonly unknown[] }) => {
                seen.push({ sql: q.sql, parameters: q.parameters });
                return { rows: [] };
              },
              streamQuery: () => {
                throw new Error('no streams');
              },
            }),
          });
        },
        createIntrospector: (k) => new PostgresIntrospector(k),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    });
    const reused = reusableQuery(3, update);
    const calls: [string, string, string][] = [
      ['c1', '2025-01-01T00:00:00.000Z', 'u1'],
      ['c2', '2025-01-02T00:00:00.000Z', 'u2'],
    ];
    for (const args of calls) {
      await reused(db, ...args);
      const direct = update(db, ...args).compile();
      expect(seen.at(-1)).toEqual({ sql: direct.sql, parameters: direct.parameters });
    }
  });

  it('note the sealed columns of inserts in common table expressions too, in their order', async () => {
    const seen: { sql: string; parameters: readonly unknown[]; seal?: SealParams }[] = [];
    const db = new Kysely<DB>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () =>
          Object.assign(new DummyDriver(), {
            acquireConnection: async () => ({
              executeQuery: async (q: { sql: string; parameters: readonly unknown[]; seal?: SealParams }) => {
                seen.push(q);
                return { rows: [] };
              },
              streamQuery: () => {
                throw new Error('no streams');
              },
            }),
          }),
        createIntrospector: (k) => new PostgresIntrospector(k),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    });
    const both = reusableQuery(4, (k: Kysely<DB>, id: string, conv: string, text: string, payload: string) =>
      k
        .with('row', (qc) => qc.insertInto('messages').values({ id, conversation_id: conv, text } as never))
        .insertInto('events')
        .values({ conversation_id: conv, type: 'message.created', payload, created_at: 'now' } as never)
        .returning('pos'),
    );
    await both(db, 'm1', 'c1', 'secret words', '{"p":1}');
    const q = seen.at(-1)!;
    const at = (v: unknown) => q.parameters.indexOf(v);
    expect(q.seal?.table).toBe('events');
    expect(q.seal?.columns[at('{"p":1}')]).toBe('payload');
    expect(q.seal?.before?.map((b) => b.table)).toEqual(['messages']);
    expect(q.seal?.before?.[0]?.columns[at('secret words')]).toBe('text');
    expect(q.seal?.before?.[0]?.columns[at('m1')]).toBe('id');
  });

  it('change the same rows as the query built each time (the real database)', async () => {
    const s = await startTestServer();
    try {
      const db = s.server.ctx.storage.read;
      const reused = reusableQuery(3, update);
      const r = await s.server.ctx.storage.write(async (tx) => {
        await tx.db
          .insertInto('users')
          .values({
            id: 'u',
            username: 'u',
            about: '',
            display_name: 'u',
            password_hash: 'x',
            created_at: 'now',
            updated_at: 'now',
          })
          .execute();
        await tx.db
          .insertInto('conversations')
          .values({
            id: 'c',
            kind: 'group',
            title: 't',
            created_by: 'u',
            created_at: 'now',
            last_seq: 1,
            last_activity_at: 'now',
            direct_key: null,
            member_count: 1,
            client_id: null,
          })
          .execute();
        await tx.db
          .insertInto('members')
          .values({ conversation_id: 'c', user_id: 'u', role: 'owner', joined_at: 'now', joined_seq: 1 })
          .execute();
        const mine = await reused(tx.db, 'c', 'later', 'u');
        const stranger = await reused(tx.db, 'c', 'later', 'someone else');
        return { mine: mine.rows, stranger: stranger.rows };
      });
      expect(r.value).toEqual({ mine: [{ last_seq: 2 }], stranger: [] });
      expect(
        await db
          .selectFrom('conversations')
          .select(['last_seq', 'last_activity_at'])
          .where('id', '=', 'c')
          .executeTakeFirst(),
      ).toEqual({ last_seq: 2, last_activity_at: 'later' });
    } finally {
      await s.close();
    }
  });
});
