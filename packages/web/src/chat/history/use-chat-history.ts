// Everything the history of one open chat needs besides its items: the read position it opened
// at, receipts of my messages, who is typing, the other member's presence (direct chats), the
// read reports to the SDK, and the profiles of everyone the history names.
import { useCallback, useMemo } from 'react';
import type { Conversation, Message, User } from '@anytime/protocol';
import { otherMemberIds } from '../../chats/conversation-title.js';
import { useClient } from '../../client/client-context.js';
import { useClientState } from '../../client/use-client-store.js';
import { strings } from '../../strings.js';
import { useUsers } from '../../users/use-users.js';
import type { MessageListProps } from '../MessageList.js';
import type { TimelineItem } from '../timeline.js';
import { presenceText } from './presence-text.js';
import { typingText } from './TypingLine.js';
import { usePresence, useTyping } from './use-live-status.js';
import { useReadPosition } from './use-read-position.js';
import { useReceipts } from './use-receipts.js';

export interface ChatHistory {
  /** Props for MessageList (besides items and the callbacks of other features). */
  listProps: Pick<
    MessageListProps,
    'unreadAfterSeq' | 'starred' | 'receiptOf' | 'loadReceipts' | 'typingNames' | 'onReadUpTo'
  >;
  /** The read position is not known yet (the list waits for it to place the unread divider). */
  waiting: boolean;
  /** For the header: "typing…" / "Alice is typing…", else "online" / "last seen …"; null: none. */
  status: string | null;
}

/** Everyone a list of timeline items names: senders, quoted and forwarded senders, reactors, system targets. */
function namedUsers(items: readonly TimelineItem[]): string[] {
  const ids = new Set<string>();
  for (const item of items) {
    if (item.kind !== 'message') continue;
    const m = item.message;
    ids.add(m.senderId);
    if (m.quote) ids.add(m.quote.senderId);
    if (m.forwarded) ids.add(m.forwarded.senderId);
    for (const r of m.reactions) for (const id of r.userIds) ids.add(id);
    if (m.system) {
      ids.add(m.system.actorId);
      for (const id of m.system.userIds) ids.add(id);
    }
  }
  return [...ids].sort();
}

export function useChatHistory(c: Conversation, me: User, items: readonly TimelineItem[]): ChatHistory {
  const client = useClient();
  const state = useClientState();
  const isGroup = c.kind === 'group';
  const otherId = isGroup ? null : (otherMemberIds(c, me.id)[0] ?? null);
  const typingIds = useTyping(c.id);
  const named = useMemo(() => namedUsers(items), [items]);
  const user = useUsers(useMemo(() => [...new Set([...named, ...typingIds])], [named, typingIds]));
  const presence = usePresence(otherId);
  const { readSeq } = useReadPosition(c.id);
  const receiptOf = useReceipts(c, state);

  const onReadUpTo = useCallback(
    (seq: number) => {
      if (seq > (state.conversationStates[c.id]?.readSeq ?? 0)) void client.markRead(c.id, seq).catch(() => undefined);
    },
    [client, c.id, state.conversationStates],
  );
  const loadReceipts = useCallback((m: Message) => client.api('messageReceipts', { params: { id: m.id } }), [client]);
  const typingNames = typingIds.map((id) => user(id)?.displayName ?? strings.history.someoneTyping);
  const typing = typingNames.length > 0 ? (isGroup ? typingText(typingNames) : strings.history.someoneTyping) : null;

  return {
    listProps: { unreadAfterSeq: readSeq, starred: state.starred, receiptOf, loadReceipts, typingNames, onReadUpTo },
    waiting: readSeq === undefined,
    status: typing ?? (isGroup ? null : presenceText(presence)),
  };
}
