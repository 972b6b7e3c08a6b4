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

/** The image a conversation is shown with: the group's avatar, or the other person's. */
export function conversationAvatarUrl(
  c: Conversation,
  meId: string,
  user: (id: string) => User | undefined,
): string | null {
  if (c.kind === 'group') return c.avatarUrl;
  return user(otherMemberIds(c, meId)[0] ?? meId)?.avatarUrl ?? null;
}
