import type { Conversation, Event, EventOf, Message, User } from '@anytime/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvent, applyEvents } from './apply-event.js';
import { emptyState } from './client-state.js';
import { testMessage } from '@anytime/protocol/testing';

const t = (n: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString();

function conversationCreated(id: string, cursor: number): EventOf<'conversation.created'> {
  const conversation: Conversation = {
    id,
    kind: 'group',
    title: `group ${id}`,
    createdBy: 'u1',
    createdAt: t(0),
    lastSeq: 1,
    lastActivityAt: t(0),
    memberCount: 2,
    description: null,
    avatarUrl: null,
    announcementsOnly: false,
    ownerId: 'u1',
    adminIds: [],
    memberIds: ['u1', 'u2'],
    disappearAfterSeconds: null,
    encryption: 'none',
  };
  return { type: 'conversation.created', cursor: `0.${cursor}`, at: t(0), conversationId: id, seq: 1, conversation };
}

function messageCreated(conversationId: string, seq: number, cursor: number): EventOf<'message.created'> {
  const message: Message = testMessage({
    id: `${conversationId}-m${seq}`,
    conversationId,
    seq,
    senderId: 'u1',
    senderDeviceId: 'd1',
    clientId: `c-${conversationId}-${seq}`,
    text: `hello ${seq}`,
    replyToId: null,
    mediaIds: [],
    createdAt: t(seq),
  });
  return { type: 'message.created', cursor: `0.${cursor}`, at: t(seq), conversationId, seq, message };
}

/** A plausible stream: conversations a and b, each created then given `n` messages, interleaved. */
function stream(na: number, nb: number): Event[] {
  const out: Event[] = [conversationCreated('a', 1), conversationCreated('b', 2)];
  let cursor = 3;
  for (let i = 0; i < Math.max(na, nb); i++) {
    if (i < na) out.push(messageCreated('a', i + 2, cursor++));
    if (i < nb) out.push(messageCreated('b', i + 2, cursor++));
  }
  return out;
}

describe('applyEvent', () => {
  it('builds conversations and seq-ordered messages, advancing lastSeq and lastActivityAt', () => {
    const s = applyEvents(emptyState(), stream(3, 1));
    expect(Object.keys(s.conversations).sort()).toEqual(['a', 'b']);
    expect(s.messages['a']!.map((m) => m.seq)).toEqual([2, 3, 4]);
    expect(s.messages['b']!.map((m) => m.seq)).toEqual([2]);
    expect(s.conversations['a']).toMatchObject({ lastSeq: 4, lastActivityAt: t(4) });
    expect(s.conversations['b']).toMatchObject({ lastSeq: 2, lastActivityAt: t(2) });
  });

  it('returns the same state object for an event it already holds', () => {
    const events = stream(2, 2);
    const s = applyEvents(emptyState(), events);
    for (const e of events) expect(applyEvent(s, e)).toBe(s);
  });

  it('sets the user from user.updated and ignores device.revoked', () => {
    const user: User = { id: 'u1', username: 'ann', displayName: 'Ann', about: '', avatarUrl: null, createdAt: t(0) };
    const s = applyEvent(emptyState(), { type: 'user.updated', cursor: '0.1', at: t(1), user });
    expect(s.user).toEqual(user);
    expect(applyEvent(s, { type: 'device.revoked', cursor: '0.2', at: t(2), deviceId: 'd9' })).toBe(s);
  });

  it('any stream with repeats and late duplicates folds to the same state as the clean stream', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 8 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (na, nb, repeats) => {
          const clean = stream(na, nb);
          const noisy = [...clean];
          // Repeat earlier events at random later points, as a reconnect that resent them would.
          for (const r of repeats) {
            const at = (r % (noisy.length + 1)) as number;
            const from = clean[r % clean.length]!;
            const firstIndex = noisy.indexOf(from);
            noisy.splice(Math.max(at, firstIndex + 1), 0, from);
          }
          expect(applyEvents(emptyState(), noisy)).toEqual(applyEvents(emptyState(), clean));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order of messages within a conversation', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(
          Array.from({ length: 10 }, (_, i) => messageCreated('a', i + 2, i + 2)),
          { minLength: 10 },
        ),
        (shuffled) => {
          const ordered = applyEvents(emptyState(), [conversationCreated('a', 1), ...shuffled]);
          expect(ordered.messages['a']!.map((m) => m.seq)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
          expect(ordered.conversations['a']!.lastSeq).toBe(11);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('a conversation snapshot that arrives after its messages keeps the later lastSeq', () => {
    const s = applyEvents(emptyState(), [
      messageCreated('a', 2, 2),
      messageCreated('a', 3, 3),
      conversationCreated('a', 1),
    ]);
    expect(s.conversations['a']).toMatchObject({ lastSeq: 3, lastActivityAt: t(3) });
  });

  it('group changes add their system message and newer snapshot; removing the signed-in user drops the group', () => {
    const created = conversationCreated('a', 1);
    const system = { actorId: 'u1', userIds: ['u2'], role: null, fields: [], title: null, announcementsOnly: null };
    const change = (
      seq: number,
      cursor: number,
      patch: Partial<Conversation>,
      action: 'member_removed' | 'conversation_updated',
    ) => {
      const m = messageCreated('a', seq, cursor).message;
      return {
        cursor: `0.${cursor}`,
        at: t(seq),
        conversationId: 'a',
        seq,
        message: { ...m, text: '', system: { ...system, action } },
        conversation: { ...created.conversation, ...patch, lastSeq: seq, lastActivityAt: t(seq) },
      };
    };
    const renamed: Event = {
      type: 'conversation.updated',
      ...change(3, 3, { title: 'renamed' }, 'conversation_updated'),
    };
    const removed: Event = {
      type: 'member.removed',
      ...change(4, 4, { title: 'renamed', memberCount: 1 }, 'member_removed'),
      userId: 'u2',
    };
    const s = applyEvents(emptyState(), [created, messageCreated('a', 2, 2), renamed, removed]);
    expect(s.conversations['a']).toMatchObject({ title: 'renamed', memberCount: 1, lastSeq: 4 });
    expect(s.messages['a']!.map((m) => m.system?.action ?? m.text)).toEqual([
      'hello 2',
      'conversation_updated',
      'member_removed',
    ]);
    expect(applyEvent(s, renamed)).toBe(s);
    expect(applyEvent(s, removed)).toBe(s);
    // An older snapshot does not undo a newer one.
    expect(applyEvent(s, { ...renamed, cursor: '0.9' }).conversations['a']!.memberCount).toBe(1);

    // u2's own device: the group leaves its state, and a repeat changes nothing.
    const user: User = { id: 'u2', username: 'bo', displayName: 'Bo', about: '', avatarUrl: null, createdAt: t(0) };
    const mine = applyEvents({ ...emptyState(), user }, [created, messageCreated('a', 2, 2), renamed, removed]);
    expect(mine.conversations).toEqual({});
    expect(mine.messages).toEqual({});
    expect(applyEvent(mine, removed)).toBe(mine);
  });
});
