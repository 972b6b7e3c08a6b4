// The reducer on secret-chat entries (mls.message): urgent application messages from others after
// the read position count as unread, reactions and edits (not urgent), commits and the user's own
// messages do not; a deletion of an unread message takes it off; repeats and entries a fetch
// already covered change nothing; the conversation moves on.
import type { Event, MlsMessage, User } from '@anytime/protocol';
import { testConversation, testMlsMessage } from '@anytime/protocol/testing';
import { describe, expect, it } from 'vitest';
import { applyEvent, applyEvents } from './apply-event.js';
import { emptyState, type ClientState } from './client-state.js';

const t = (n: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString();
const me: User = { id: 'me', username: 'me', displayName: 'Me', about: '', avatarUrl: null, createdAt: t(0) };
const C = 'sc';

function start(): ClientState {
  return {
    ...emptyState(),
    user: me,
    conversations: { [C]: testConversation({ id: C, lastSeq: 2, lastActivityAt: t(2), encryption: 'mls' }) },
  };
}

let cursor = 0;
function entry(seq: number, senderId: string, fields: Partial<MlsMessage> = {}): Event {
  const message = testMlsMessage({ conversationId: C, seq, senderId, createdAt: t(seq), ...fields });
  return { type: 'mls.message', cursor: `0.${++cursor}`, at: t(seq), conversationId: C, seq, message };
}

const unread = (s: ClientState) => s.conversationStates[C]?.unreadCount ?? 0;

describe('reducer: secret-chat unread counts', () => {
  it('counts urgent messages from others only, and moves the conversation on', () => {
    const s = applyEvents(start(), [
      entry(3, 'bob'),
      entry(4, 'bob', { kind: 'commit', clientId: null }),
      entry(5, 'bob', { urgent: false }),
      entry(6, 'me'),
      entry(7, 'bob'),
    ]);
    expect(unread(s)).toBe(2);
    expect(s.conversationStates[C]!.unreadMentions).toBe(0);
    expect(s.conversations[C]).toMatchObject({ lastSeq: 7, lastActivityAt: t(7) });
  });

  it('is idempotent: a repeat, or an entry the fetched conversation already covers, changes nothing', () => {
    const once = applyEvent(start(), entry(3, 'bob'));
    expect(applyEvent(once, entry(3, 'bob'))).toBe(once);
    const s0 = start();
    expect(applyEvent(s0, entry(2, 'bob'))).toBe(s0);
    // A conversation the state does not know: nothing to count against.
    const none = { ...emptyState(), user: me };
    expect(applyEvent(none, entry(3, 'bob'))).toBe(none);
  });

  it('a deletion of an unread message takes it off; of a read one, or a reaction, does not', () => {
    let s = applyEvents(start(), [entry(3, 'bob'), entry(4, 'bob'), entry(5, 'bob', { urgent: false })]);
    expect(unread(s)).toBe(2);
    s = applyEvent(s, entry(6, 'bob', { id: 'm4', kind: 'deleted', data: '', formerSeq: 4 }));
    expect(unread(s)).toBe(1);
    expect(s.conversations[C]).toMatchObject({ lastSeq: 6, lastActivityAt: t(5) });
    s = applyEvent(s, entry(7, 'bob', { id: 'm5', kind: 'deleted', data: '', formerSeq: 5, urgent: false }));
    expect(unread(s)).toBe(1);
    // Read up to 7, then m3 (read) is deleted: the count stays at zero.
    s = applyEvent(s, {
      type: 'conversation.state.updated',
      cursor: `0.${++cursor}`,
      at: t(8),
      state: { ...s.conversationStates[C]!, readSeq: 7, unreadCount: 0, version: 1 },
    });
    s = applyEvent(s, entry(8, 'bob', { id: 'm3', kind: 'deleted', data: '', formerSeq: 3 }));
    expect(unread(s)).toBe(0);
    // Counting starts again after the read position.
    expect(unread(applyEvent(s, entry(9, 'bob')))).toBe(1);
  });

  it('urgent messages unarchive (unless muted) and the own one clears the draft; reactions do neither', () => {
    const base = start();
    const s0: ClientState = {
      ...base,
      conversationStates: {
        [C]: {
          conversationId: C,
          readSeq: 2,
          unreadCount: 0,
          unreadMentions: 0,
          mutedUntil: null,
          archived: true,
          pinnedAt: null,
          draft: { text: 'typing', updatedAt: t(1) },
          version: 3,
        },
      },
    };
    const quiet = applyEvents(s0, [entry(3, 'bob', { urgent: false }), entry(4, 'me', { urgent: false })]);
    expect(quiet.conversationStates[C]).toMatchObject({ archived: true, draft: { text: 'typing' } });
    const loud = applyEvents(quiet, [entry(5, 'bob'), entry(6, 'me')]);
    expect(loud.conversationStates[C]).toMatchObject({ archived: false, draft: null, unreadCount: 1 });
  });
});
