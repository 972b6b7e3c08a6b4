import {
  defaultConversationState,
  type ConversationState,
  type Event,
  type Message,
  type User,
} from '@anytime/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvent, applyEvents } from './apply-event.js';
import { emptyState, type ClientState } from './client-state.js';
import { conversationList } from './conversation-list.js';
import { messageTicks, readByCount } from './message-receipts.js';
import { testMessage } from '@anytime/protocol/testing';

const t = (n: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString();
const me: User = { id: 'me', username: 'me', displayName: 'Me', about: '', avatarUrl: null, createdAt: t(0) };
const start = (): ClientState => ({ ...emptyState(), user: me });
let cursor = 0;

function created(id: string): Event {
  return {
    type: 'conversation.created',
    cursor: `0.${++cursor}`,
    at: t(0),
    conversationId: id,
    seq: 1,
    conversation: {
      id,
      kind: 'group',
      title: id,
      createdBy: 'me',
      createdAt: t(0),
      lastSeq: 1,
      lastActivityAt: t(0),
      memberIds: [],
      memberCount: 2,
      description: null,
      avatarUrl: null,
      announcementsOnly: false,
      ownerId: 'me',
      adminIds: [],
      disappearAfterSeconds: null,
      encryption: 'none',
    },
  };
}

function message(conversationId: string, seq: number, senderId: string): Event {
  const m: Message = testMessage({
    id: `${conversationId}-${seq}`,
    conversationId,
    seq,
    senderId,
    senderDeviceId: 'd',
    clientId: `c${seq}`,
    text: 'hi',
    replyToId: null,
    mediaIds: [],
    createdAt: t(seq),
  });
  return { type: 'message.created', cursor: `0.${++cursor}`, at: t(seq), conversationId, seq, message: m };
}

function stateEvent(s: Partial<ConversationState> & { conversationId: string; version: number }): Event {
  return {
    type: 'conversation.state.updated',
    cursor: `0.${++cursor}`,
    at: t(0),
    state: { ...defaultConversationState(s.conversationId), ...s },
  };
}

describe('conversation state in the reducer', () => {
  it('counts messages from others after readSeq, not the user’s own; a state event resets the count', () => {
    const s = applyEvents(start(), [
      created('a'),
      message('a', 2, 'other'),
      message('a', 3, 'me'),
      message('a', 4, 'other'),
    ]);
    expect(s.conversationStates['a']).toMatchObject({ unreadCount: 2, readSeq: 0 });
    const read = applyEvent(s, stateEvent({ conversationId: 'a', version: 1, readSeq: 4, unreadCount: 0 }));
    expect(applyEvent(read, message('a', 5, 'other')).conversationStates['a']).toMatchObject({ unreadCount: 1 });
  });

  it('a photo tag of the user is an unread mention; adding and removing tags moves the count', () => {
    const photo = (tags: string[]): Message['media'][number] => ({
      id: 'p1',
      kind: 'image',
      contentType: 'image/jpeg',
      size: 1,
      fileName: null,
      width: 1,
      height: 1,
      durationMs: null,
      placeholder: null,
      waveform: null,
      filter: null,
      variants: ['original'],
      tags: tags.map((userId, i) => ({
        id: `t${i}`,
        userId,
        taggedBy: 'other',
        createdAt: t(2),
        x: 0,
        y: 0,
        w: 1,
        h: 1,
      })),
    });
    const sent = message('a', 2, 'other') as Extract<Event, { type: 'message.created' }>;
    const tagged = { ...sent, message: { ...sent.message, mediaIds: ['p1'], media: [photo(['me'])] } };
    const s = applyEvents(start(), [created('a'), tagged]);
    expect(s.conversationStates['a']).toMatchObject({ unreadCount: 1, unreadMentions: 1 });
    const update = (tags: string[], seq: number): Event => ({
      type: 'message.updated',
      cursor: `0.${++cursor}`,
      at: t(seq),
      conversationId: 'a',
      seq,
      message: { ...tagged.message, media: [photo(tags)], updatedSeq: seq },
    });
    const untagged = applyEvent(s, update(['someone'], 3));
    expect(untagged.conversationStates['a']).toMatchObject({ unreadMentions: 0 });
    expect(applyEvent(untagged, update(['someone', 'me'], 4)).conversationStates['a']).toMatchObject({
      unreadMentions: 1,
    });
    // The sender's own tag of themselves is no mention.
    const own = { ...tagged, message: { ...tagged.message, id: 'own', senderId: 'me', seq: 3 }, seq: 3 };
    expect(applyEvent(s, own).conversationStates['a']).toMatchObject({ unreadMentions: 1 });
  });

  it('a late or repeated state event (lower or equal version) changes nothing', () => {
    const e1 = stateEvent({ conversationId: 'a', version: 1, readSeq: 2 });
    const e2 = stateEvent({ conversationId: 'a', version: 2, readSeq: 3, archived: true });
    const s = applyEvents(start(), [created('a'), e1, e2]);
    expect(applyEvent(s, e1)).toBe(s);
    expect(applyEvent(s, e2)).toBe(s);
    expect(s.conversationStates['a']).toMatchObject({ readSeq: 3, archived: true });
  });

  it('unarchives on a message from someone else unless muted at its time; the user’s own message clears the draft', () => {
    const draft = { text: 'x', updatedAt: t(0) };
    let s = applyEvents(start(), [
      created('a'),
      stateEvent({ conversationId: 'a', version: 1, archived: true, mutedUntil: t(10), draft }),
    ]);
    s = applyEvent(s, message('a', 5, 'other')); // muted until t(10): stays archived
    expect(s.conversationStates['a']).toMatchObject({ archived: true, draft });
    s = applyEvent(s, message('a', 10, 'me'));
    expect(s.conversationStates['a']).toMatchObject({ archived: true, draft: null });
    s = applyEvent(s, message('a', 11, 'other')); // the mute has ended
    expect(s.conversationStates['a']).toMatchObject({ archived: false, unreadCount: 2 });
  });

  it('receipt positions only move forward, whatever the order of the events', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(20), fc.nat(20)), { minLength: 1, maxLength: 15 }), (pairs) => {
        const events: Event[] = pairs.map(([d, r]) => ({
          type: 'receipt.updated',
          cursor: `0.${++cursor}`,
          at: t(0),
          receipt: { conversationId: 'a', userId: 'other', deliveredSeq: Math.max(d, r), readSeq: r },
        }));
        const s = applyEvents(start(), events);
        expect(s.receipts['a']!['other']).toEqual({
          deliveredSeq: Math.max(...pairs.map(([d, r]) => Math.max(d, r))),
          readSeq: Math.max(...pairs.map(([, r]) => r)),
        });
        expect(applyEvents(s, events)).toBe(s);
      }),
    );
  });

  it('lists pinned first (latest pinned on top), then by last activity', () => {
    const s = applyEvents(start(), [
      created('a'),
      created('b'),
      created('c'),
      message('a', 2, 'other'),
      message('b', 3, 'other'),
      message('c', 4, 'other'),
      stateEvent({ conversationId: 'a', version: 1, pinnedAt: t(50) }),
    ]);
    expect(conversationList(s).map((i) => i.conversation.id)).toEqual(['a', 'c', 'b']);
  });

  it('ticks and read-by counts of the user’s own messages follow the members’ positions', () => {
    const receipt = (userId: string, deliveredSeq: number, readSeq: number): Event => ({
      type: 'receipt.updated',
      cursor: `0.${++cursor}`,
      at: t(0),
      receipt: { conversationId: 'a', userId, deliveredSeq, readSeq },
    });
    let s = applyEvents(start(), [created('a'), message('a', 2, 'me')]);
    const m = s.messages['a']![0]!;
    expect([messageTicks(s, m), readByCount(s, m)]).toEqual(['sent', 0]);
    s = applyEvent(s, receipt('other', 2, 0));
    expect([messageTicks(s, m), readByCount(s, m)]).toEqual(['delivered', 0]);
    s = applyEvent(s, receipt('other', 2, 2));
    expect([messageTicks(s, m), readByCount(s, m)]).toEqual(['read', 1]);
  });
});
