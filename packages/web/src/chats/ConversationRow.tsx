// One chat in the list: avatar, title (pinned and muted marks), preview, time, unread and @ badges,
// and a ⋯ button (or right click, or Shift+F10 / the context-menu key) for its actions.
import { useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { isMutedAt, type User } from '@anytime/protocol';
import type { ConversationListItem } from '@anytime/sdk';
import { formatWhen } from '../app/format-time.js';
import { strings } from '../strings.js';
import { Avatar } from '../avatar/Avatar.js';
import { useEncryption } from '../crypto/encryption-context.js';
import { LockIcon } from '../secret/LockIcon.js';
import '../secret/secret.css';
import { conversationAvatarUrl, conversationTitle } from './conversation-title.js';
import { rowPreview } from './row-preview.js';
import { RowMenu, type RowAction } from './RowMenu.js';
import './conversation-row.css';

export interface ConversationRowProps {
  item: ConversationListItem;
  meId: string;
  typing: readonly string[];
  user: (id: string) => User | undefined;
  open: boolean;
  onOpen: () => void;
  onAction: (a: RowAction) => void;
  now?: () => Date;
}

export function ConversationRow({ item, meId, typing, user, open, onOpen, onAction, now }: ConversationRowProps) {
  const { conversation: c, state } = item;
  const [menu, setMenu] = useState(false);
  const more = useRef<HTMLButtonElement>(null);
  const t = strings.chatList;
  const title = conversationTitle(c, meId, user);
  const port = useEncryption();
  const secret = c.encryption === 'mls';
  // A secret chat's newest text is only on this device, decrypted: the server's last message is
  // at most a sealed one.
  const decryptedLast = secret ? port?.secretMessages(c.id).at(-1) : undefined;
  const lastMessage =
    decryptedLast && (!item.lastMessage || decryptedLast.seq > item.lastMessage.seq) ? decryptedLast : item.lastMessage;
  const lastId = lastMessage?.id;
  const preview = rowPreview({
    ...item,
    lastMessage,
    meId,
    typing,
    user,
    undecryptable: lastId !== undefined && (port?.undecryptable(lastId) ?? false),
  });
  const muted = isMutedAt(state, (now?.() ?? new Date()).toISOString());
  const when = lastMessage?.createdAt ?? c.lastActivityAt;

  function close() {
    setMenu(false);
    more.current?.focus();
  }
  function onContextMenu(e: MouseEvent) {
    e.preventDefault();
    setMenu(true);
  }
  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) {
      e.preventDefault();
      setMenu(true);
    }
  }

  return (
    <li className="chat-row" onContextMenu={onContextMenu}>
      <button
        type="button"
        className="conversation"
        aria-current={open ? 'true' : undefined}
        onClick={onOpen}
        onKeyDown={onKeyDown}
      >
        <Avatar name={title} url={conversationAvatarUrl(c, meId, user)} />
        <span className="conversation-text">
          <span className="conversation-title-line">
            {secret && <LockIcon />}
            <span className="conversation-title">{title}</span>
            {state.pinnedAt && (
              <span className="row-mark" role="img" aria-label={t.pinned}>
                📌
              </span>
            )}
            {muted && (
              <span className="row-mark" role="img" aria-label={t.muted}>
                🔕
              </span>
            )}
          </span>
          <span className={`conversation-preview preview-${preview.kind}`}>
            {preview.kind === 'draft' && <span className="draft-label">{t.draftPrefix}</span>}
            {preview.kind === 'message' && preview.prefix && <span className="preview-sender">{preview.prefix}</span>}
            {preview.text}
          </span>
        </span>
        <span className="row-meta">
          <time dateTime={when}>{formatWhen(when)}</time>
          <span className="row-badges">
            {state.unreadMentions > 0 && (
              <span className="badge badge-mention" aria-label={t.mentions(state.unreadMentions)}>
                @
              </span>
            )}
            {state.unreadCount > 0 && (
              <span className={`badge${muted ? ' badge-muted' : ''}`} aria-label={t.unread(state.unreadCount)}>
                {state.unreadCount > 999 ? '999+' : state.unreadCount}
              </span>
            )}
          </span>
        </span>
      </button>
      <button
        type="button"
        className="row-more"
        ref={more}
        aria-label={t.menuButton(title)}
        aria-haspopup="menu"
        aria-expanded={menu}
        onClick={() => setMenu((v) => !v)}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {menu && (
        <RowMenu
          title={title}
          state={state}
          isGroup={c.kind === 'group'}
          onAction={onAction}
          onClose={close}
          {...(now ? { now } : {})}
        />
      )}
    </li>
  );
}
