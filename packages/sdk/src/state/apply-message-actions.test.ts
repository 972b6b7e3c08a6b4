// The reducer's message-action cases: newer snapshots win whatever the order, repeats change
// nothing, hidden and expired messages stay gone (with their stars), the timer follows seq.
import type { Conversation, Event, EventOf, Message } from '@anytime/protocol';
import { testConversation, testMessage } from '@anytime/protocol/testing';
import { describe, expect, it } from 'vitest';
import { applyEvent, applyEvents } from './apply-event.js';
import { emptyState } from './client-state.js';

const at = '2025-01-01T00:00:00.000Z';
const conversation: Conversation = testConversation({ id: 'c' });
const message = (seq: number, updatedSeq = seq, text = `m${seq}`): Message =>
  testMessage({ id: `m${seq}`, conversationId: 'c', seq, clientId: `c${seq}`, text, updatedSeq });
let cursor = 0;
const stamp = () => ({ cursor: `0.${(cursor += 1)}`, at });
const created = (seq: number): Event => ({
  type: 'message.created',
  ...stamp(),
  conversationId: 'c',
  seq,
  message: message(seq),
});
const updated = (seq: number, changeSeq: number, text: string): EventOf<'message.updated'> => ({
  type: 'message.updated',
  ...stamp(),
  conversationId: 'c',
  seq: changeSeq,
  message: message(seq, changeSeq, text),
});
const base = () =>
  applyEvents(emptyState(), [
    { type: 'conversation.created', ...stamp(), conversationId: 'c', seq: 1, conversation },
    created(2),
    created(3),
  ]);

describe('message-action events', () => {
  it('keep the newest snapshot whatever order the updates come in, and bump lastSeq only', () => {
    const e4 = updated(2, 4, 'edit one');
    const e5 = updated(2, 5, 'edit two');
    const inOrder = applyEvents(base(), [e4, e5]);
    const reversed = applyEvents(base(), [e5, e4]);
    expect(inOrder.messages['c']![0]!.text).toBe('edit two');
    expect(reversed).toEqual(inOrder);
    expect(inOrder.conversations['c']).toMatchObject({ lastSeq: 5, lastActivityAt: at });
    expect(applyEvent(inOrder, e5)).toBe(inOrder);
  });

  it('drop hidden and expired messages with their stars; a later update does not bring them back', () => {
    const starred = applyEvents(base(), [
      { type: 'message.starred', ...stamp(), conversationId: 'c', messageId: 'm2', starredAt: at },
      { type: 'message.starred', ...stamp(), conversationId: 'c', messageId: 'm3', starredAt: at },
    ]);
    expect(Object.keys(starred.starred).sort()).toEqual(['m2', 'm3']);
    const hidden: Event = { type: 'message.hidden', ...stamp(), conversationId: 'c', messageId: 'm2' };
    const s1 = applyEvents(starred, [hidden, updated(2, 4, 'reacted later')]);
    expect(s1.messages['c']!.map((m) => m.id)).toEqual(['m3']);
    expect(s1.starred).toEqual({ m3: at });
    expect(applyEvent(s1, hidden)).toBe(s1);
    const expired: Event = { type: 'messages.expired', ...stamp(), conversationId: 'c', seq: 5, messageIds: ['m3'] };
    const s2 = applyEvent(s1, expired);
    expect(s2.messages['c']).toEqual([]);
    expect(s2.starred).toEqual({});
    expect(s2.conversations['c']!.lastSeq).toBe(5);
    expect(applyEvent(s2, expired)).toBe(s2);
  });

  it('unstar removes, and the timer follows the conversation seq', () => {
    const s = applyEvents(base(), [
      { type: 'message.starred', ...stamp(), conversationId: 'c', messageId: 'm2', starredAt: at },
      { type: 'message.starred', ...stamp(), conversationId: 'c', messageId: 'm2', starredAt: null },
    ]);
    expect(s.starred).toEqual({});
    const timer: Event = {
      type: 'conversation.timer_set',
      ...stamp(),
      conversationId: 'c',
      seq: 4,
      disappearAfterSeconds: 300,
      setBy: 'u2',
    };
    const t = applyEvent(s, timer);
    expect(t.conversations['c']).toMatchObject({ disappearAfterSeconds: 300, lastSeq: 4 });
    expect(applyEvent(t, timer)).toBe(t);
  });
});
