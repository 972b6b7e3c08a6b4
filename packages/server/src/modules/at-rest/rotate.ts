// Key rotation (run offline by rotate-keys-cli.ts; docs/encryption-at-rest.md):
// - rewrap: every data key is unwrapped with the current master key and wrapped again with a new
//   one, in one transaction. Fast (no message is touched); the old master key is useless afterwards.
// - reencrypt: a conversation's content is sealed again under a fresh data key (a new version of
//   its scope); the old versions stay until every value has been rewritten, then are deleted, all
//   in one transaction per conversation. Values written before encryption at rest existed are
//   read as they are and written back sealed, so this also seals old plaintext data.
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { keyTableOf } from './key-table.js';
import { unwrapDataKey, wrapDataKey, type Keyring } from './keyring.js';
import type { MasterKey } from './master-key.js';

export async function rewrapAll(storage: Storage, keyring: Keyring, next: MasterKey): Promise<number> {
  const { value } = await storage.write(async (tx) => {
    const rows = await tx.db.selectFrom('data_keys').selectAll().execute();
    for (const row of rows) {
      const k = unwrapDataKey(keyring.master, row);
      await tx.db
        .updateTable('data_keys')
        .set({ wrapped: wrapDataKey(next, k), master_key_id: next.id })
        .where('id', '=', row.id)
        .execute();
    }
    return rows.length;
  });
  keyring.forget();
  return value;
}

/** Rewrites each row's sealed columns (read opened, written sealed with the scope's newest key). */
async function rewrite<T extends Record<string, unknown>>(
  rows: T[],
  write: (row: T) => Promise<unknown>,
): Promise<number> {
  for (const r of rows) await write(r);
  return rows.length;
}

async function rewriteConversation(db: Kysely<DB>, conversationId: string): Promise<number> {
  let n = 0;
  const messages = await db
    .selectFrom('messages')
    .select(['id', 'text', 'entities', 'quote', 'forwarded', 'link_preview'])
    .where('conversation_id', '=', conversationId)
    .execute();
  n += await rewrite(messages, ({ id, ...cols }) =>
    db.updateTable('messages').set(cols).where('id', '=', id).execute(),
  );
  const edits = await db
    .selectFrom('message_edits')
    .innerJoin('messages', 'messages.id', 'message_edits.message_id')
    .select(['message_edits.message_id', 'message_edits.seq', 'message_edits.text', 'message_edits.entities'])
    .where('messages.conversation_id', '=', conversationId)
    .execute();
  n += await rewrite(edits, (e) =>
    db
      .updateTable('message_edits')
      .set({ text: e.text, entities: e.entities })
      .where('message_id', '=', e.message_id)
      .where('seq', '=', e.seq)
      .execute(),
  );
  const reports = await db
    .selectFrom('report_messages')
    .select(['report_id', 'message_id', 'text'])
    .where('conversation_id', '=', conversationId)
    .execute();
  n += await rewrite(reports, (r) =>
    db
      .updateTable('report_messages')
      .set({ text: r.text })
      .where('report_id', '=', r.report_id)
      .where('message_id', '=', r.message_id)
      .execute(),
  );
  const events = await db
    .selectFrom('events')
    .select(['pos', 'payload'])
    .where('conversation_id', '=', conversationId)
    .execute();
  n += await rewrite(events, (e) =>
    db.updateTable('events').set({ payload: e.payload }).where('pos', '=', e.pos).execute(),
  );
  return n;
}

/** Re-encrypts one conversation under a fresh data key; returns how many rows were rewritten. */
export async function reencryptConversation(storage: Storage, keyring: Keyring, conversationId: string) {
  const scope = `c:${conversationId}`;
  const { value } = await storage.write(
    async (tx) => {
      const fresh = await keyring.rotate(keyTableOf(tx.db), scope);
      const rows = await rewriteConversation(tx.db, conversationId);
      // Every value now names the fresh key: the older versions go.
      await tx.db.deleteFrom('data_keys').where('scope', '=', scope).where('id', '!=', fresh.id).execute();
      return { rows, version: fresh.version };
    },
    { lock: [`conv:${conversationId}`] },
  );
  return value;
}

export async function allConversationIds(storage: Storage): Promise<string[]> {
  return (await storage.read.selectFrom('conversations').select('id').orderBy('id').execute()).map((r) => r.id);
}
