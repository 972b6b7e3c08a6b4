// The secret-chat history archive: per-account opaque records that the account's devices upload
// (each decrypted secret-chat message, encrypted under the history key that only the key backup
// carries) and that a restored device pages through. Records are named by a client-chosen key (a
// keyed hash of the message id), so the same message uploaded by two devices is stored once; pos
// is the order of arrival, for paging with ?after=. A device that learns a secret message was
// deleted removes its record (the server cannot tell which record holds which message).
import type { HistoryPageQuery, HistoryRecord, PutHistoryRequest, PutHistoryResponse } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import type { DB } from '../../storage/schema.js';
import type { AuthContext } from '../accounts/tokens.js';

export async function putHistory(
  ctx: AppContext,
  auth: AuthContext,
  input: PutHistoryRequest,
): Promise<PutHistoryResponse> {
  const keys = [...new Set(input.records.map((r) => r.key))];
  const { value } = await ctx.storage.write(
    async (tx) => {
      const known = new Set(
        (
          await tx.db
            .selectFrom('key_history')
            .select('record_key')
            .where('user_id', '=', auth.userId)
            .where('record_key', 'in', keys)
            .execute()
        ).map((r) => r.record_key),
      );
      const last = await tx.db
        .selectFrom('key_history')
        .select((eb) => eb.fn.max('pos').as('pos'))
        .where('user_id', '=', auth.userId)
        .executeTakeFirst();
      let pos = Number(last?.pos ?? 0);
      const now = nowIso();
      let stored = 0;
      for (const r of input.records) {
        if (known.has(r.key)) continue;
        known.add(r.key);
        pos += 1;
        stored += 1;
        await tx.db
          .insertInto('key_history')
          .values({
            user_id: auth.userId,
            pos,
            record_key: r.key,
            nonce: r.nonce,
            ciphertext: r.ciphertext,
            created_at: now,
          })
          .execute();
      }
      return { stored, last: pos };
    },
    { lock: [`key-history:${auth.userId}`] },
  );
  return value;
}

export async function listHistory(
  db: Kysely<DB>,
  userId: string,
  q: HistoryPageQuery,
): Promise<{ records: HistoryRecord[]; hasMore: boolean }> {
  const rows = await db
    .selectFrom('key_history')
    .selectAll()
    .where('user_id', '=', userId)
    .where('pos', '>', q.after)
    .orderBy('pos')
    .limit(q.limit + 1)
    .execute();
  return {
    records: rows.slice(0, q.limit).map((r) => ({
      pos: Number(r.pos),
      key: r.record_key,
      nonce: r.nonce,
      ciphertext: r.ciphertext,
      createdAt: r.created_at,
    })),
    hasMore: rows.length > q.limit,
  };
}

/** Removes one of the user's records (a deleted secret message); an unknown key changes nothing. */
export async function deleteHistory(ctx: AppContext, userId: string, key: string): Promise<void> {
  await ctx.storage.write(
    (tx) => tx.db.deleteFrom('key_history').where('user_id', '=', userId).where('record_key', '=', key).execute(),
    { lock: [`key-history:${userId}`] },
  );
}
