// One change to a group, the way every change is recorded: it takes the conversation's next seq
// (DESIGN invariant 1), leaves a system message in the timeline ("Alice added Bob") and appends
// one event that carries that message and the conversation as it now is.
import type { Conversation, EventBody, Message, SystemInfo } from '@anytime/protocol';
import { nowIso } from '../../context.js';
import { newId } from '../../ids.js';
import type { Tx } from '../../storage/storage.js';
import type { AuthContext } from '../accounts/tokens.js';
import { loadConversation } from '../conversations/queries.js';
import { newMessageColumns } from '../message-actions/send-extras.js';
import { toMessage } from '../messages/queries.js';

export interface Change {
  seq: number;
  at: string;
  message: Message;
}

/** What a change says, without the fields that default to nothing. */
export type SystemFields = Pick<SystemInfo, 'action' | 'userIds'> & Partial<SystemInfo>;

/** Takes the next seq and stores the system message; call before changing rows the event shows. */
export async function beginChange(
  tx: Tx,
  conversationId: string,
  actor: AuthContext,
  fields: SystemFields,
): Promise<Change> {
  const at = nowIso();
  const taken = await tx.db
    .updateTable('conversations')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1), last_activity_at: at }))
    .where('id', '=', conversationId)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  const system: SystemInfo = {
    actorId: actor.userId,
    role: null,
    fields: [],
    title: null,
    announcementsOnly: null,
    ...fields,
  };
  const id = newId();
  const row = {
    id,
    conversation_id: conversationId,
    seq: taken.last_seq,
    sender_id: actor.userId,
    sender_device_id: actor.deviceId,
    client_id: `system:${id}`,
    text: '',
    reply_to_id: null,
    media_ids: '[]',
    created_at: at,
    system: JSON.stringify(system),
    // A system message has no entities or quote and never disappears.
    ...newMessageColumns({ entities: [], quote: null }, taken.last_seq, at, null, undefined),
  };
  await tx.db.insertInto('messages').values(row).execute();
  return { seq: taken.last_seq, at, message: toMessage(row) };
}

type GroupEventBody = Extract<EventBody, { message: Message; conversation: Conversation }>;
type Extra<T extends GroupEventBody['type']> = Omit<
  Extract<GroupEventBody, { type: T }>,
  'type' | 'at' | 'conversationId' | 'seq' | 'message' | 'conversation'
>;

/** Appends the change's event, with the conversation as the change left it. */
export async function finishChange<T extends GroupEventBody['type']>(
  tx: Tx,
  conversationId: string,
  change: Change,
  type: T,
  extra: Extra<T>,
): Promise<Conversation> {
  const conversation = await loadConversation(tx.db, conversationId);
  const body = {
    type,
    at: change.at,
    conversationId,
    seq: change.seq,
    message: change.message,
    conversation,
    ...extra,
  };
  await tx.append(body as unknown as EventBody, { conversationId, seq: change.seq });
  return conversation;
}
