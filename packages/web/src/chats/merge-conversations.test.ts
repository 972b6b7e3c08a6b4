// The chat list order: latest activity first, and the newer copy of a conversation wins.
import { describe, expect, it } from 'vitest';
import type { Conversation } from '@anytime/protocol';
import { mergeConversations } from './merge-conversations.js';

const conv = (id: string, lastSeq: number, lastActivityAt: string): Conversation => ({
  id,
  kind: 'direct',
  title: null,
  createdBy: 'u1',
  createdAt: '2030-01-01T00:00:00.000Z',
  lastSeq,
  lastActivityAt,
  memberIds: ['u1', 'u2'],
  memberCount: 2,
  description: null,
  avatarUrl: null,
  announcementsOnly: false,
  ownerId: null,
  adminIds: [],
  disappearAfterSeconds: null,
});

describe('mergeConversations', () => {
  it('puts the latest activity first and keeps the copy with the higher lastSeq', () => {
    const fetched = [conv('a', 5, '2030-01-01T10:00:00.000Z'), conv('b', 3, '2030-01-01T09:00:00.000Z')];
    const live = [conv('b', 4, '2030-01-01T11:00:00.000Z'), conv('a', 2, '2030-01-01T08:00:00.000Z')];
    const merged = mergeConversations(fetched, live);
    expect(merged.map((c) => [c.id, c.lastSeq])).toEqual([
      ['b', 4],
      ['a', 5],
    ]);
  });
});
