// The chats, latest activity first, each with its title, last message (when known) and time.
import type { Conversation, Message, User } from '@anytime/protocol';
import { formatWhen } from '../app/format-time.js';
import { useClientState } from '../client/use-client-store.js';
import { strings } from '../strings.js';
import { useUsers } from '../users/use-users.js';
import { conversationTitle, otherMemberIds } from './conversation-title.js';

export interface ConversationListProps {
  conversations: readonly Conversation[];
  loaded: boolean;
  me: User;
  openId: string | null;
  /** Latest messages known from opened chats, by conversation id. */
  seen: Readonly<Record<string, Message>>;
  onOpen: (id: string) => void;
}

export function ConversationList({ conversations, loaded, me, openId, seen, onOpen }: ConversationListProps) {
  const state = useClientState();
  const directIds = conversations.flatMap((c) => (c.kind === 'direct' ? otherMemberIds(c, me.id) : []));
  const user = useUsers(directIds);
  if (!loaded && conversations.length === 0) return <p className="placeholder">{strings.loading}</p>;
  if (conversations.length === 0) return <p className="placeholder">{strings.conversations.empty}</p>;
  return (
    <nav aria-label={strings.conversations.listLabel}>
      <ul className="conversations">
        {conversations.map((c) => {
          const last = newest(state.messages[c.id]?.at(-1), seen[c.id]);
          const preview = last
            ? (last.senderId === me.id ? strings.conversations.youPrefix : '') + last.text
            : c.kind === 'group'
              ? strings.conversations.members(c.memberCount)
              : '';
          return (
            <li key={c.id}>
              <button
                type="button"
                className="conversation"
                aria-current={c.id === openId ? 'true' : undefined}
                onClick={() => onOpen(c.id)}
              >
                <span className="avatar" aria-hidden="true">
                  {initial(conversationTitle(c, me.id, user))}
                </span>
                <span className="conversation-text">
                  <span className="conversation-title">{conversationTitle(c, me.id, user)}</span>
                  <span className="conversation-preview">{preview}</span>
                </span>
                <time dateTime={c.lastActivityAt}>{formatWhen(c.lastActivityAt)}</time>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function newest(a: Message | undefined, b: Message | undefined): Message | undefined {
  if (!a || !b) return a ?? b;
  return a.seq >= b.seq ? a : b;
}

function initial(title: string): string {
  return (title.trim()[0] ?? '?').toUpperCase();
}
