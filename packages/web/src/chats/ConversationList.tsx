// The chats: pinned first, then by latest activity; archived ones behind an "Archived" entry at
// the top; filtered by name while searching. Up and Down move between rows.
import type { KeyboardEvent } from 'react';
import type { User } from '@anytime/protocol';
import type { ConversationListItem } from '@anytime/sdk';
import { strings } from '../strings.js';
import { ConversationRow } from './ConversationRow.js';
import type { RowAction } from './RowMenu.js';

export interface ConversationListProps {
  items: readonly ConversationListItem[];
  /** How many archived chats there are (the folder entry shows when there are some). */
  archivedCount: number;
  showingArchived: boolean;
  onToggleArchived: () => void;
  loaded: boolean;
  filtering: boolean;
  meId: string;
  openId: string | null;
  typing: Readonly<Record<string, readonly string[]>>;
  user: (id: string) => User | undefined;
  onOpen: (id: string) => void;
  onAction: (conversationId: string, a: RowAction) => void;
}

export function ConversationList(props: ConversationListProps) {
  const { items, archivedCount, showingArchived, loaded, filtering, meId, openId, typing, user } = props;
  const t = strings.chatList;

  function onKeyDown(e: KeyboardEvent<HTMLElement>) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const rows = [...e.currentTarget.querySelectorAll<HTMLElement>('.conversation, .archived-entry')];
    const at = rows.indexOf(document.activeElement as HTMLElement);
    if (at < 0) return;
    e.preventDefault();
    rows[Math.max(0, Math.min(rows.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
  }

  return (
    <nav aria-label={strings.conversations.listLabel} onKeyDown={onKeyDown}>
      {showingArchived ? (
        <div className="list-heading-row">
          <button type="button" className="archived-entry" onClick={props.onToggleArchived}>
            <span aria-hidden="true">←</span> {t.archivedBack}
          </button>
        </div>
      ) : (
        archivedCount > 0 &&
        !filtering && (
          <button type="button" className="archived-entry" onClick={props.onToggleArchived}>
            <span aria-hidden="true">🗄</span> {t.archivedEntry(archivedCount)}
          </button>
        )
      )}
      {!loaded ? (
        <p className="placeholder">{strings.loading}</p>
      ) : items.length === 0 ? (
        <p className="placeholder">
          {filtering ? t.noChatsFound : showingArchived ? t.noArchived : strings.conversations.empty}
        </p>
      ) : (
        <ul className="conversations">
          {items.map((item) => (
            <ConversationRow
              key={item.conversation.id}
              item={item}
              meId={meId}
              typing={typing[item.conversation.id] ?? []}
              user={user}
              open={item.conversation.id === openId}
              onOpen={() => props.onOpen(item.conversation.id)}
              onAction={(a) => props.onAction(item.conversation.id, a)}
            />
          ))}
        </ul>
      )}
    </nav>
  );
}
