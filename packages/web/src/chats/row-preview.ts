// What a chat list row says under its title: who is typing, the draft, or the last message
// (with "You: " or the sender's name in groups; deleted and system items and attachments in
// words; a sealed message as "Sealed message", never its secret).
import type { Conversation, ConversationState, Message, User } from '@anytime/protocol';
import { mediaLabel } from '../media/media-label.js';
import { strings } from '../strings.js';

export type RowPreview =
  | { kind: 'typing'; text: string }
  | { kind: 'draft'; text: string }
  | { kind: 'message'; prefix: string; text: string }
  | { kind: 'empty'; text: string };

export interface PreviewInput {
  conversation: Conversation;
  state: ConversationState;
  lastMessage: Message | null;
  meId: string;
  /** Users typing in the conversation now (never the signed-in user). */
  typing: readonly string[];
  user: (id: string) => User | undefined;
  /** The last message is a secret-chat message this device could not decrypt. */
  undecryptable?: boolean;
}

const nameOf = (input: PreviewInput, id: string) =>
  id === input.meId ? strings.chat.you : (input.user(id)?.displayName ?? strings.chatList.someone);

export function rowPreview(input: PreviewInput): RowPreview {
  const { conversation: c, state, lastMessage: m } = input;
  const typing = input.typing.filter((id) => id !== input.meId);
  if (typing.length > 0) {
    return {
      kind: 'typing',
      text: c.kind === 'group' ? strings.chatList.nameTyping(nameOf(input, typing[0]!)) : strings.chatList.typing,
    };
  }
  if (state.draft) return { kind: 'draft', text: state.draft.text };
  if (!m) {
    return {
      kind: 'empty',
      text: c.kind === 'group' ? strings.conversations.members(c.memberCount) : strings.conversations.noMessagesYet,
    };
  }
  if (m.system?.call) {
    return { kind: 'message', prefix: '', text: strings.calls.summary(m.system.call, m.system.actorId === input.meId) };
  }
  if (m.system) {
    const targets = m.system.userIds.map((id) => nameOf(input, id)).join(', ');
    return {
      kind: 'message',
      prefix: '',
      text: strings.chat.system(m.system.action, nameOf(input, m.system.actorId), targets, m.system.role),
    };
  }
  const prefix =
    m.senderId === input.meId
      ? strings.conversations.youPrefix
      : c.kind === 'group'
        ? `${nameOf(input, m.senderId)}: `
        : '';
  if (m.deletedAt) return { kind: 'message', prefix, text: strings.chatList.deleted };
  if (m.sealed) return { kind: 'message', prefix, text: strings.chatList.sealed(m.sealed.state) };
  if (input.undecryptable) return { kind: 'message', prefix, text: strings.secret.encryptedFallback };
  const media = mediaLabel(m.media ?? []);
  const caption = m.text.trim();
  const text = media
    ? caption
      ? `${media.split(' ')[0]} ${caption}`
      : media
    : caption || (m.mediaIds.length > 0 ? strings.chatList.attachment : '');
  return { kind: 'message', prefix, text };
}
