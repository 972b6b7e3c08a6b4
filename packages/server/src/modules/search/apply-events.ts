// What each logged event does to the search index: the one place that decides it (indexOp; the send
// path and the message actions no longer touch the index). message.created adds the message
// (not system messages; a message with empty text, e.g. media only, is added too so that a
// caption edited in later is found, as before); message.updated of an edited message re-indexes its
// text, of a message deleted for everyone drops it; messages.expired drops the messages. A
// deleted or expired message's stored events are scrubbed to empty text (message-actions/
// timeline.ts), so replaying them later never brings its text back. Applied in log order;
// runs of consecutive adds go to the index as one bulk add.
import type { Event } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';
import type { IndexedMessage, SearchIndex } from './search-index.js';

type IndexedFields = Pick<Event & { type: 'message.created' }, 'message'>['message'];

/**
 * What the index reads of an event (an Event is one); `indexedEvent` cuts an event down to it
 * (what the SQLite index worker is sent).
 */
export type IndexEvent =
  | {
      type: 'message.created' | 'message.updated';
      message: Pick<IndexedFields, 'id' | 'conversationId' | 'seq' | 'text' | 'system' | 'deletedAt' | 'editedAt'>;
    }
  | { type: 'messages.expired'; messageIds: string[] };

/** The part of an event the index reads, or undefined for an event it ignores. */
export function indexedEvent(e: Event): IndexEvent | undefined {
  if (e.type === 'message.created' || e.type === 'message.updated') {
    const { id, conversationId, seq, text, system, deletedAt, editedAt } = e.message;
    return { type: e.type, message: { id, conversationId, seq, text, system, deletedAt, editedAt } };
  }
  if (e.type === 'messages.expired') return { type: e.type, messageIds: e.messageIds };
  return undefined;
}

type IndexedFieldsOf = (IndexEvent & { type: 'message.created' })['message'];

/** What an event gives the index: a text to add, a new text, messages to drop, or nothing. */
type IndexOp =
  | { op: 'add'; message: IndexedFieldsOf }
  | { op: 'edit'; message: IndexedFieldsOf }
  | { op: 'drop'; messageIds: string[] }
  | undefined;

function indexOp(e: Event | IndexEvent): IndexOp {
  if (e.type === 'message.created') return e.message.system == null ? { op: 'add', message: e.message } : undefined;
  if (e.type === 'message.updated') {
    if (e.message.deletedAt != null) return { op: 'drop', messageIds: [e.message.id] };
    return e.message.editedAt != null ? { op: 'edit', message: e.message } : undefined;
  }
  if (e.type === 'messages.expired') return { op: 'drop', messageIds: e.messageIds };
  return undefined;
}

export async function applyEvents(
  index: SearchIndex,
  db: Kysely<DB>,
  events: readonly (Event | IndexEvent)[],
): Promise<void> {
  let adds: IndexedMessage[] = [];
  const flush = async () => {
    if (adds.length > 0) await index.add(db, adds);
    adds = [];
  };
  for (const e of events) {
    const o = indexOp(e);
    if (!o) continue;
    if (o.op === 'add') {
      const m = o.message;
      adds.push({ id: m.id, conversationId: m.conversationId, seq: m.seq, text: m.text });
      continue;
    }
    await flush();
    if (o.op === 'edit') await index.edited(db, o.message.id, o.message.text);
    else await index.deleted(db, o.messageIds);
  }
  await flush();
}
