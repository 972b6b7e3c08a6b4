// Secret messages in the timeline: replies become quotes (with replyToId), reactions are summed per
// emoji like cloud chats show them, and an archived reply is read back from `extra`.
import { describe, expect, it } from 'vitest';
import { testMessage } from '@anytime/protocol/testing';
import { archivedReplyTo, isDecryptedSecret, reactionSummaries, secretTimelineMessage } from './secret-timeline.js';

const fields = {
  id: 'm2',
  conversationId: 'c1',
  seq: 7,
  senderId: 'bob',
  senderDeviceId: 'd1',
  text: 'nice!',
  createdAt: '2026-11-25T10:00:00.000Z',
};

describe('secret timeline messages', () => {
  it('shows the reply as a quote and the reactions per emoji', () => {
    const m = secretTimelineMessage(fields, {
      replyTo: { messageId: 'm1', senderId: 'alice', text: 'and this stays' },
      reactions: [
        { userId: 'alice', emoji: '👍' },
        { userId: 'carol', emoji: '❤️' },
        { userId: 'dave', emoji: '👍' },
      ],
    });
    expect(m).toMatchObject({
      id: 'm2',
      clientId: 'secret-m2',
      replyToId: 'm1',
      quote: { senderId: 'alice', text: 'and this stays' },
      reactions: [
        { emoji: '👍', count: 2, userIds: ['alice', 'dave'] },
        { emoji: '❤️', count: 1, userIds: ['carol'] },
      ],
    });
    expect(secretTimelineMessage(fields)).toMatchObject({
      replyToId: null,
      quote: null,
      reactions: [],
      media: [],
      editedAt: null,
    });
    // An edited message carries the cloud "edited" mark's field.
    const at = '2026-11-25T10:05:00.000Z';
    expect(secretTimelineMessage(fields, { editedAt: at }).editedAt).toBe(at);
    expect(reactionSummaries([])).toEqual([]);
    expect(isDecryptedSecret(m)).toBe(true);
    expect(isDecryptedSecret(testMessage({ id: 'm3', clientId: 'c-1', conversationId: 'c1', seq: 8 }))).toBe(false);
  });

  it('reads an archived reply back, ignoring one that does not parse', () => {
    const replyTo = { messageId: 'm1', senderId: 'alice', text: 'hi' };
    expect(archivedReplyTo({ replyTo })).toEqual(replyTo);
    expect(archivedReplyTo({ replyTo: { messageId: 'm1' } })).toBeNull();
    expect(archivedReplyTo(undefined)).toBeNull();
  });
});
