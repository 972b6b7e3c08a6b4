// One message of the history: sender, reply quote, forwarded label, text with mentions (or the
// tombstone), link preview, reactions, time, edited / pinned / starred marks and, on my own
// messages, the receipt status; photos, videos, voice notes and files (media/). System messages
// are a centred line. The ⋯ button, right-click, a long press and the context-menu key open the
// message's actions (built elsewhere).
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import type { Message, MessageReceiptsResponse } from '@anytime/protocol';
import type { MessageTicks } from '@anytime/sdk';
import { formatClock } from '../../app/format-time.js';
import { errorBodyText } from '../../client/error-text.js';
import { CallMessage } from '../../calls/CallMessage.js';
import { MessageAttachments } from '../../media/MessageAttachments.js';
import { useEncryption } from '../../crypto/encryption-context.js';
import { SealedBubble } from '../../sealed/SealedBubble.js';
import { sealedInfoOf } from '../../sealed/sealed-info.js';
import { strings } from '../../strings.js';
import type { TimelineItem } from '../timeline.js';
import { LinkPreviewCard } from './LinkPreviewCard.js';
import { MessageText } from './MessageText.js';
import { Reactions } from './Reactions.js';
import { ReadBy, Ticks } from './ReceiptStatus.js';

/** What the receipts say about one of my stored messages. */
export interface MessageReceipt {
  ticks: MessageTicks;
  /** Groups: how many members read it (null in direct chats). */
  readBy: number | null;
}

export interface MessageBubbleProps {
  item: TimelineItem;
  meId: string;
  senderName: (userId: string) => string;
  showSenders: boolean;
  starred?: boolean;
  highlighted?: boolean;
  receipt?: MessageReceipt | undefined;
  loadReceipts?: ((message: Message) => Promise<MessageReceiptsResponse>) | undefined;
  onDismiss?: ((clientId: string) => void) | undefined;
  onOpenActions?: ((message: Message, anchor: HTMLElement) => void) | undefined;
  onToggleReaction?: ((message: Message, emoji: string) => void) | undefined;
  onQuoteClick?: ((message: Message) => void) | undefined;
}

const LONG_PRESS_MS = 500;

export function MessageBubble(props: MessageBubbleProps) {
  const { item, meId, senderName, showSenders, onDismiss, onOpenActions } = props;
  const port = useEncryption();
  const t = strings.history;
  const bubble = useRef<HTMLDivElement>(null);
  const press = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const message = item.kind === 'message' ? item.message : null;
  const name = (id: string) => (id === meId ? strings.chat.you : senderName(id));

  if (message?.system?.call) {
    return <CallMessage message={message} summary={message.system.call} meId={meId} />;
  }
  if (message?.system) {
    const s = message.system;
    const targets = s.userIds.map(name).join(', ');
    return (
      <div className="message system" data-seq={message.seq}>
        <p className="text">{strings.chat.system(s.action, name(s.actorId), targets, s.role)}</p>
      </div>
    );
  }

  const fromMe = !message || message.senderId === meId;
  const senderId = message ? message.senderId : meId;
  const at = message ? message.createdAt : item.kind !== 'message' ? item.pending.createdAt : '';
  const deleted = message?.deletedAt != null;

  const openActions = () => {
    if (message && onOpenActions && bubble.current) onOpenActions(message, bubble.current);
  };
  const cancelPress = () => {
    clearTimeout(press.current);
    press.current = undefined;
  };
  const onPointerDown = (e: PointerEvent) => {
    if (e.pointerType !== 'touch' || !message || !onOpenActions) return;
    cancelPress();
    press.current = setTimeout(openActions, LONG_PRESS_MS);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      if (!message || !onOpenActions) return;
      e.preventDefault();
      e.stopPropagation();
      openActions();
    }
  };

  const classes = ['message', fromMe ? 'mine' : 'theirs', item.kind];
  if (deleted) classes.push('deleted');
  if (props.highlighted) classes.push('highlighted');

  return (
    <div
      ref={bubble}
      className={classes.join(' ')}
      data-seq={message?.seq}
      onContextMenu={(e) => {
        if (!message || !onOpenActions) return;
        e.preventDefault();
        openActions();
      }}
      onPointerDown={onPointerDown}
      onPointerUp={cancelPress}
      onPointerCancel={cancelPress}
      onPointerMove={cancelPress}
      onKeyDown={onKeyDown}
    >
      {showSenders && !fromMe && <p className="sender">{senderName(senderId)}</p>}
      {!showSenders || fromMe ? <span className="visually-hidden">{name(senderId)}: </span> : null}
      {message?.forwarded && !deleted && (
        <p className="forwarded">
          {message.forwarded.senderId ? t.forwardedFrom(name(message.forwarded.senderId)) : t.forwarded}
        </p>
      )}
      {message?.quote && !deleted && (
        <button
          type="button"
          className="quote"
          aria-label={t.quoteJump(name(message.quote.senderId))}
          onClick={() => props.onQuoteClick?.(message)}
        >
          <span className="quote-sender">{name(message.quote.senderId)}</span>
          <span className="quote-text">{message.quote.text}</span>
        </button>
      )}
      {message && !deleted && message.media.length > 0 && (
        <MessageAttachments message={message} meId={meId} userName={senderName} />
      )}
      {deleted ? (
        <p className="text tombstone">{t.deleted}</p>
      ) : message?.sealed ? (
        <SealedBubble info={sealedInfoOf(message, meId, port)} fromMe={message.senderId === meId} name={name} />
      ) : message && port?.undecryptable(message.id) ? (
        <p className="text undecryptable">{strings.secret.encryptedFallback}</p>
      ) : message ? (
        message.text && <MessageText text={message.text} entities={message.entities} meId={meId} />
      ) : (
        <p className="text">
          {item.kind !== 'message'
            ? item.pending.text || ((item.pending.mediaIds?.length ?? 0) > 0 ? strings.media.sending : '')
            : ''}
        </p>
      )}
      {message?.linkPreview && !deleted && <LinkPreviewCard preview={message.linkPreview} />}
      {message && <Reactions message={message} meId={meId} userName={senderName} onToggle={props.onToggleReaction} />}
      <div className="meta">
        {message?.pin && (
          <span className="marker" title={t.pinned}>
            <span aria-hidden="true">📌</span>
            <span className="visually-hidden">{t.pinned}</span>
          </span>
        )}
        {props.starred && (
          <span className="marker" title={t.starred}>
            <span aria-hidden="true">★</span>
            <span className="visually-hidden">{t.starred}</span>
          </span>
        )}
        {message?.editedAt && !deleted && <span className="edited">{t.edited}</span>}
        <time dateTime={at}>{formatClock(at)}</time>
        {item.kind === 'pending' && <Ticks kind="pending" />}
        {message && fromMe && <Ticks kind={props.receipt?.ticks ?? 'sent'} />}
        {message && onOpenActions && (
          <button
            type="button"
            className="actions-button"
            aria-label={t.actions}
            aria-haspopup="menu"
            onClick={(e) => onOpenActions(message, e.currentTarget)}
          >
            <span aria-hidden="true">⋯</span>
          </button>
        )}
      </div>
      {message && fromMe && props.receipt?.readBy != null && props.loadReceipts && (
        <ReadBy count={props.receipt.readBy} load={() => props.loadReceipts!(message)} userName={name} />
      )}
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
    </div>
  );
}
