// Names and avatars of the people in a call, and the title of its conversation, from the user
// directory and the client's conversations.
import type { Call } from '@anytime/protocol';
import { conversationAvatarUrl, conversationTitle } from '../chats/conversation-title.js';
import { useClientState } from '../client/use-client-store.js';
import { useUsers } from '../users/use-users.js';

export function useCallPeople(call: Call, meId: string) {
  const conversation = useClientState().conversations[call.conversationId];
  const ids = [call.callerId, ...call.participants.map((p) => p.userId), ...(conversation?.memberIds ?? [])];
  const user = useUsers([...new Set(ids)].filter((id) => id !== meId).sort());
  const isGroup = conversation?.kind === 'group';
  return {
    user,
    isGroup,
    title: conversation ? conversationTitle(conversation, meId, user) : (user(call.callerId)?.displayName ?? ''),
    avatarUrl: conversation ? conversationAvatarUrl(conversation, meId, user) : null,
    caller: user(call.callerId),
  };
}
