// Being tagged in a photo counts as a mention (unread mentions, the chat list's @ badge), like
// an @mention in the text: for new messages, and when a tag is added or removed later.
import { describe, expect, it } from 'vitest';
import type { MessageMedia, PhotoTag } from '@anytime/protocol';
import { testMessage } from '@anytime/protocol/testing';
import { applyMentionChange, mentionsUser } from './conversation-state.js';
import { emptyState } from './client-state.js';
import { defaultConversationState } from '@anytime/protocol';

const tag = (userId: string): PhotoTag => ({
  id: `t-${userId}`,
  userId,
  taggedBy: 'ann',
  createdAt: '2026-01-01T00:00:00.000Z',
  x: 0.1,
  y: 0.1,
  w: 0.2,
  h: 0.2,
});
const photo = (tags: PhotoTag[]): MessageMedia => ({
  id: 'p1',
  kind: 'image',
  contentType: 'image/webp',
  size: 10,
  fileName: null,
  width: 10,
  height: 10,
  durationMs: null,
  placeholder: null,
  waveform: null,
  filter: null,
  variants: ['original'],
  tags,
});

describe('photo tags as mentions', () => {
  it('a tag of the user in a photo of someone else’s message is a mention; others’ tags are not', () => {
    const m = testMessage({ conversationId: 'c', seq: 1, senderId: 'ann', media: [photo([tag('bo')])] });
    expect(mentionsUser(m, 'bo')).toBe(true);
    expect(mentionsUser(m, 'cy')).toBe(false);
    // Tagging yourself in your own message is not a mention.
    expect(mentionsUser({ ...m, senderId: 'bo' }, 'bo')).toBe(false);
  });

  it('a tag added to an unread message raises unreadMentions, its removal lowers it', () => {
    const cs = { ...defaultConversationState('c'), readSeq: 0, unreadCount: 1, unreadMentions: 0 };
    const state = {
      ...emptyState(),
      user: { id: 'bo' } as never,
      conversationStates: { c: cs },
    };
    const before = testMessage({ conversationId: 'c', seq: 1, senderId: 'ann', media: [photo([])] });
    const after = { ...before, media: [photo([tag('bo')])] };
    const tagged = applyMentionChange(state, before, after);
    expect(tagged.conversationStates['c']?.unreadMentions).toBe(1);
    expect(applyMentionChange(tagged, after, before).conversationStates['c']?.unreadMentions).toBe(0);
  });
});
