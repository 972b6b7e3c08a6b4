// The messages of a chat, oldest first; this device's unacknowledged sends show as "Sending…",
// failed ones with their reason. Keeps the view pinned to the newest message.
import { useLayoutEffect, useRef } from 'react';
import type { Message } from '@anytime/protocol';
import { formatClock } from '../app/format-time.js';
import { errorBodyText } from '../client/error-text.js';
import { strings } from '../strings.js';
import type { TimelineItem } from './timeline.js';

export interface MessageListProps {
  items: readonly TimelineItem[];
  meId: string;
  senderName: (userId: string) => string;
  showSenders: boolean;
  loading?: boolean;
  error?: string | null;
  hasEarlier?: boolean;
  onLoadEarlier?: () => void;
  onDismiss?: (clientId: string) => void;
  /** Opens the actions of a message: its ⋯ button, right-click, long press (touch), or the context-menu key / Shift+F10 on a focused message. */
  onOpenActions?: (message: Message, anchor: HTMLElement) => void;
  /** A reaction chip was clicked: add or remove my reaction with that emoji. */
  onToggleReaction?: (message: Message, emoji: string) => void;
}

/** How close to the bottom (px) still counts as "reading the newest messages". */
const STICKY_PX = 80;

export function MessageList(props: MessageListProps) {
  const { items, meId, senderName, showSenders, loading, error, hasEarlier, onLoadEarlier, onDismiss } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const last = items.at(-1);

  useLayoutEffect(() => {
    const el = scroller.current;
    const mine = last !== undefined && (last.kind !== 'message' || last.message.senderId === meId);
    if (el && (atBottom.current || mine)) el.scrollTop = el.scrollHeight;
  }, [last, meId]);

  return (
    <div
      className="timeline"
      ref={scroller}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICKY_PX;
      }}
    >
      {hasEarlier && onLoadEarlier && (
        <button type="button" className="load-earlier" onClick={onLoadEarlier}>
          {strings.chat.loadEarlier}
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {loading && <p className="placeholder">{strings.chat.loadingHistory}</p>}
      {!loading && !error && items.length === 0 && <p className="placeholder">{strings.chat.empty}</p>}
      <ol className="messages" aria-label={strings.chat.historyLabel} aria-live="polite">
        {items.map((item) => {
          const system = item.kind === 'message' ? item.message.system : null;
          if (system) {
            const targets = system.userIds.map((id) => (id === meId ? strings.chat.you : senderName(id))).join(', ');
            return (
              <li key={item.key} className="message system">
                <p className="text">
                  {strings.chat.system(system.action, senderName(system.actorId), targets, system.role)}
                </p>
              </li>
            );
          }
          const fromMe = item.kind !== 'message' || item.message.senderId === meId;
          const senderId = item.kind === 'message' ? item.message.senderId : meId;
          const text = item.kind === 'message' ? item.message.text : item.pending.text;
          const at = item.kind === 'message' ? item.message.createdAt : item.pending.createdAt;
          return (
            <li key={item.key} className={`message ${fromMe ? 'mine' : 'theirs'} ${item.kind}`}>
              {showSenders && !fromMe && <p className="sender">{senderName(senderId)}</p>}
              {!showSenders || fromMe ? <span className="visually-hidden">{senderName(senderId)}: </span> : null}
              <p className="text">{text}</p>
              <p className="meta">
                <time dateTime={at}>{formatClock(at)}</time>
                {item.kind === 'pending' && <span className="status">{strings.chat.sending}</span>}
                {item.kind === 'message' && fromMe && (
                  <span className="status" title={strings.chat.sent}>
                    <span aria-hidden="true">✓</span>
                    <span className="visually-hidden">{strings.chat.sent}</span>
                  </span>
                )}
              </p>
              {item.kind === 'failed' && (
                <p className="failure" role="alert">
                  {strings.chat.failed(errorBodyText(item.error))}{' '}
                  {onDismiss && (
                    <button type="button" className="link" onClick={() => onDismiss(item.pending.clientId)}>
                      {strings.chat.dismiss}
                    </button>
                  )}
                </p>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
