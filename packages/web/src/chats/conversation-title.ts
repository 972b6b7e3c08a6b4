// The name a conversation is shown under: a group's title, or the other person's display name.
import type { Conversation, User } from '@anytime/protocol';
import { strings } from '../strings.js';

export function otherMemberIds(c: Conversation, meId: string): string[] {
  return c.memberIds.filter((id) => id !== meId);
}

export function conversationTitle(c: Conversation, meId: string, user: (id: string) => User | undefined): string {
  if (c.kind === 'group') return c.title ?? strings.conversations.groupTitleFallback;
  const otherId = otherMemberIds(c, meId)[0];
  if (otherId === undefined) return strings.conversations.notesToSelf;
  return user(otherId)?.displayName ?? strings.conversations.directTitleFallback;
}
