// Turning event-log rows into protocol events and back; shared by both backends.
import type { Event, EventBody } from '@anytime/protocol';
import { encodeCursor, type CursorValue } from '../events/cursor.js';
import type { EventTarget, StreamRow } from './storage.js';
import { EventPayload } from '../modules/at-rest/event-payload.js';

export function rowToEvent(payload: string, cursor: CursorValue): Event {
  return { ...(JSON.parse(payload) as EventBody), cursor: encodeCursor(cursor) } as Event;
}

/**
 * `sealed`: the storage seals content at rest; the payload then goes to the sealing dialect as
 * the body itself (modules/at-rest/event-payload.ts), which stores it in its sealed form.
 */
export function eventRow(body: EventBody, target: EventTarget, sealed: boolean) {
  return {
    conversation_id: 'conversationId' in target ? target.conversationId : null,
    user_id: 'userId' in target ? target.userId : null,
    seq: 'seq' in target ? target.seq : null,
    type: body.type,
    payload: sealed ? new EventPayload(body) : JSON.stringify(body),
    created_at: body.at,
  };
}

export function streamRow(event: Event, target: EventTarget): StreamRow {
  return {
    event,
    conversationId: 'conversationId' in target ? target.conversationId : null,
    userId: 'userId' in target ? target.userId : null,
  };
}
