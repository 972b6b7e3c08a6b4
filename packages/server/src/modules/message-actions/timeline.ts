// Message changes are timeline changes (DESIGN invariant 1): each takes the conversation's next
// seq in the writing transaction and appends message.updated with the full new snapshot, whose
// updatedSeq lets a client keep only the newest. The seqs of those events are remembered per
// message so that expiry and delete for everyone can scrub the text out of stored payloads.
import type { EventBody, Message } from '@anytime/protocol';
import type { Kysely, Selectable, Updateable } from 'kysely';
import { nowIso, type AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { DB, MessagesTable } from '../../storage/schema.js';
import type { Tx } from '../../storage/storage.js';
import type { AuthContext } from '../accounts/tokens.js';
import { toMessage } from '../messages/queries.js';
import { findMemberContext } from './entities.js';

/** Takes the conversation's next seq (under its lock, inside the transaction). */
export async function nextSeq(db: Kysely<DB>, conversationId: string): Promise<number> {
  const r = await db
    .updateTable('conversations')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
    .where('id', '=', conversationId)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return r.last_seq;
}

type MessageRow = Selectable<MessagesTable>;
type Changes = Omit<Updateable<MessagesTable>, 'id' | 'conversation_id' | 'seq' | 'updated_seq'>;

/**
 * Applies changes to a message as a new timeline change and appends message.updated (stamped
 * `at`, by default now).
 */
export async function commitMessageChange(
  tx: Tx,
  row: MessageRow,
  changes: Changes,
  at: string = nowIso(),
): Promise<Message> {
  const seq = await nextSeq(tx.db, row.conversation_id);
  await tx.db
    .updateTable('messages')
    .set({ ...changes, updated_seq: seq })
    .where('id', '=', row.id)
    .execute();
  await tx.db
    .insertInto('message_changes')
    .values({ conversation_id: row.conversation_id, seq, message_id: row.id })
    .execute();
  const message = toMessage({ ...row, ...changes, updated_seq: seq } as MessageRow);
  const body: EventBody = { type: 'message.updated', at, conversationId: row.conversation_id, seq, message };
  await tx.append(body, { conversationId: row.conversation_id, seq });
  return message;
}

/** A message with its text, entities, media, quote and reactions gone, as stored events keep it. */
function scrubbed(m: Message): Message {
  return { ...m, text: '', entities: [], mediaIds: [], media: [], quote: null, forwarded: null, reactions: [] };
}

/**
 * Rewrites the stored message.created / message.updated payloads of messages, by default
 * without their content.
 */
export async function scrubMessageEvents(
  tx: Tx,
  conversationId: string,
  messages: readonly { id: string; seq: number }[],
  transform: (m: Message) => Message = scrubbed,
): Promise<void> {
  if (messages.length === 0) return;
  const changes = await tx.db
    .selectFrom('message_changes')
    .select('seq')
    .where(
      'message_id',
      'in',
      messages.map((m) => m.id),
    )
    .execute();
  const seqs = [...messages.map((m) => m.seq), ...changes.map((c) => c.seq)];
  const events = await tx.db
    .selectFrom('events')
    .select(['pos', 'payload'])
    .where('conversation_id', '=', conversationId)
    .where('seq', 'in', seqs)
    .where('type', 'in', ['message.created', 'message.updated'])
    .execute();
  for (const e of events) {
    const body = JSON.parse(e.payload) as { message: Message };
    const payload = JSON.stringify({ ...body, message: transform(body.message) });
    await tx.db.updateTable('events').set({ payload }).where('pos', '=', e.pos).execute();
  }
}

export interface VisibleMessage {
  row: MessageRow;
  role: 'owner' | 'admin' | 'member';
  conversationKind: 'direct' | 'group';
}

/** The message if the user is a member of its conversation and joined before it; else not_found. */
export async function requireVisibleMessage(
  db: Kysely<DB>,
  messageId: string,
  userId: string,
): Promise<VisibleMessage> {
  const row = await db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  if (!row) throw new ApiError('not_found', 'no such message');
  const member = await findMemberContext(db, row.conversation_id, userId);
  if (!member || row.seq < member.joinedSeq) throw new ApiError('not_found', 'no such message');
  return { row, role: member.role, conversationKind: member.conversationKind };
}

/**
 * Runs a change to one message in a write transaction under its conversation's lock, with the
 * message read (and visibility checked) inside that transaction.
 */
export async function withMessage<T>(
  ctx: AppContext,
  auth: AuthContext,
  messageId: string,
  fn: (tx: Tx, v: VisibleMessage) => Promise<T>,
): Promise<T> {
  const found = await ctx.storage.read
    .selectFrom('messages')
    .select('conversation_id')
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (!found) throw new ApiError('not_found', 'no such message');
  const { value } = await ctx.storage.write(
    async (tx) => fn(tx, await requireVisibleMessage(tx.db, messageId, auth.userId)),
    { lock: [`conv:${found.conversation_id}`] },
  );
  return value;
}

export function requireNotDeleted(row: MessageRow): void {
  if (row.deleted_at) throw new ApiError('message_deleted', 'the message was deleted');
}
