// Storing a message row, the most frequent insert there is: compiled once (storage/reusable-query.ts).
// Every column is named here, so a new column of \`messages\` must be added to this list too (the
// type check says so).
import type { Insertable, Kysely, QueryCreator } from 'kysely';
import type { Event, EventBody } from '@anytime/protocol';
import { reusableQuery } from '../../storage/reusable-query.js';
import type { DB, MessagesTable } from '../../storage/schema.js';
import type { EventTarget, RowInsert, Tx } from '../../storage/storage.js';

type MessageInsert = Required<Insertable<MessagesTable>>;

const COLUMNS = [
  'id',
  'conversation_id',
  'seq',
  'sender_id',
  'sender_device_id',
  'client_id',
  'text',
  'reply_to_id',
  'media_ids',
  'created_at',
  'system',
  'link_preview',
  'entities',
  'quote',
  'forwarded',
  'edited_at',
  'deleted_at',
  'expires_at',
  'updated_seq',
  'reactions',
  'pinned_by',
  'pinned_at',
  'media',
  'sealed',
] as const satisfies readonly (keyof MessageInsert)[];

// Every column of the table is in the list: a missing one makes this type `never` and the line fail.
type Missing = Exclude<NonNullable<keyof MessageInsert>, (typeof COLUMNS)[number]>;
const complete: [Missing] extends [never] ? true : never = true;
void complete;

const messageInsert: RowInsert = {
  arity: COLUMNS.length,
  build: (db: QueryCreator<DB>, ...values: unknown[]) =>
    db.insertInto('messages').values(Object.fromEntries(COLUMNS.map((c, i) => [c, values[i]])) as MessageInsert),
};

const insert = reusableQuery(COLUMNS.length, (db: Kysely<DB>, ...values: unknown[]) =>
  messageInsert.build(db, ...values),
);

export async function insertMessage(db: Kysely<DB>, row: MessageInsert): Promise<void> {
  await insert(db, ...COLUMNS.map((c) => row[c]));
}

/**
 * Stores the message row and appends its event: in one statement where the storage can
 * (PostgreSQL: Tx.appendAfter), else one after the other.
 */
export async function insertMessageAndAppend(
  tx: Tx,
  row: MessageInsert,
  body: EventBody,
  target: EventTarget,
): Promise<Event> {
  const values = COLUMNS.map((c) => row[c]);
  if (tx.appendAfter) return tx.appendAfter(messageInsert, values, body, target);
  await insert(tx.db, ...values);
  return tx.append(body, target);
}
