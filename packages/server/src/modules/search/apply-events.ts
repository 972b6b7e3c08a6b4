// What each logged event does to the search index: the one place that decides it (the send
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

export async function applyEvents(index: SearchIndex, db: Kysely<DB>, events: readonly Event[]): Promise<void> {
  let adds: IndexedMessage[] = [];
  const flush = async () => {
    if (adds.length > 0) await index.add(db, adds);
    adds = [];
  };
  for (const e of events) {
    if (e.type === 'message.created') {
      const m = e.message;
      if (m.system == null) adds.push({ id: m.id, conversationId: m.conversationId, seq: m.seq, text: m.text });
      continue;
    }
    if (e.type === 'message.updated') {
      const m = e.message;
      if (m.deletedAt != null) {
        await flush();
        await index.deleted(db, [m.id]);
      } else if (m.editedAt != null) {
        await flush();
        await index.edited(db, m.id, m.text);
      }
      continue;
    }
    if (e.type === 'messages.expired') {
      await flush();
      await index.deleted(db, e.messageIds);
    }
  }
  await flush();
}
