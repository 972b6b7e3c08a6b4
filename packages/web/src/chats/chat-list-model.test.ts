// The chat list's model with secret chats: seeded from GET /v1/conversations (the server's unread
// count), then kept current by the SDK's reducer over mls.message events. Entries the fetch already
// covered are not counted twice; urgent messages from others raise the count (the row's badge)
// and move the chat to the top, reactions and commits do not; a read clears it.
import { defaultConversationState, type Event, type MlsMessage, type User } from '@anytime/protocol';
import { testConversation, testMlsMessage } from '@anytime/protocol/testing';
import { describe, expect, it } from 'vitest';
import { foldEvent, seedModel, splitList, type ChatListModel } from './chat-list-model.js';

const at = (n: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, n)).toISOString();
const me = { id: 'me', username: 'me', displayName: 'Me' } as unknown as User;
const secret = testConversation({ id: 's1', encryption: 'mls', lastSeq: 5, lastActivityAt: at(5) });
const cloud = testConversation({ id: 'c1', lastSeq: 3, lastActivityAt: at(6) });

function seed(): ChatListModel {
  return seedModel(me, {
    conversations: [cloud, secret],
    states: [{ ...defaultConversationState('c1') }, { ...defaultConversationState('s1'), readSeq: 3, unreadCount: 2 }],
    lastMessages: [null, null],
  });
}

let cursor = 0;
function entry(seq: number, senderId: string, fields: Partial<MlsMessage> = {}): Event {
  const message = testMlsMessage({ conversationId: 's1', seq, senderId, createdAt: at(seq), ...fields });
  return { type: 'mls.message', cursor: `0.${++cursor}`, at: at(seq), conversationId: 's1', seq, message };
}

const itemOf = (m: ChatListModel) => splitList(m).active.find((i) => i.conversation.id === 's1')!;

describe('chat list model: secret chats', () => {
  it('keeps the fetched count, adds urgent messages of others, and a read clears it', () => {
    let m = seed();
    expect(itemOf(m).state.unreadCount).toBe(2);
    // Already counted by the fetch.
    expect(foldEvent(m, entry(5, 'bob'))).toBe(m);
    m = foldEvent(m, entry(6, 'bob', { urgent: false }));
    m = foldEvent(m, entry(7, 'bob', { kind: 'commit', clientId: null }));
    expect(itemOf(m).state.unreadCount).toBe(2);
    m = foldEvent(m, entry(8, 'bob'));
    expect(itemOf(m).state.unreadCount).toBe(3);
    // The new message puts the secret chat above the cloud one.
    expect(splitList(m).active.map((i) => i.conversation.id)).toEqual(['s1', 'c1']);
    m = foldEvent(m, {
      type: 'conversation.state.updated',
      cursor: `0.${++cursor}`,
      at: at(9),
      state: { ...itemOf(m).state, readSeq: 8, unreadCount: 0, version: 1 },
    });
    expect(itemOf(m).state.unreadCount).toBe(0);
  });
});
