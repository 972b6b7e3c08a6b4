// The history of a chat, oldest first, virtualized: only the rows near the viewport are in the
// DOM, so 10,000 messages scroll smoothly. Earlier pages load when the reader nears the top
// without moving what they read; the view follows new messages while the reader is at the
// bottom and otherwise offers "↓ N new messages". A chat opened with unread messages starts at
// the first of them, under an "Unread messages" divider. Messages are focusable and the arrow
// keys move between them; their actions open from ⋯, right-click, long press or the menu key.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { measureElement as measureRow, observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import type { Message, MessageReceiptsResponse } from '@anytime/protocol';
import { strings } from '../strings.js';
import { MessageBubble, type MessageReceipt } from './history/MessageBubble.js';
import { buildRows, rowIndexOfMessage } from './history/rows.js';
import { TypingLine } from './history/TypingLine.js';
import type { TimelineItem } from './timeline.js';
import './history/history.css';

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
  /** The read position when the chat was opened: the "Unread messages" divider goes after it. */
  unreadAfterSeq?: number | undefined;
  /** Ids of messages I starred. */
  starred?: Readonly<Record<string, string>>;
  /** Ticks and "read by" of one of my stored messages. */
  receiptOf?: (message: Message) => MessageReceipt | undefined;
  /** Who read / got one of my messages (groups, when "Read by N" is opened). */
  loadReceipts?: (message: Message) => Promise<MessageReceiptsResponse>;
  /** Names of the people typing now. */
  typingNames?: readonly string[];
  /** The newest stored message the reader has on screen while the window has focus. */
  onReadUpTo?: (seq: number) => void;
  /** Opens the actions of a message: its ⋯ button, right-click, long press (touch), or the context-menu key / Shift+F10 on a focused message. */
  onOpenActions?: (message: Message, anchor: HTMLElement) => void;
  /** A reaction chip was clicked: add or remove my reaction with that emoji. */
  onToggleReaction?: (message: Message, emoji: string) => void;
  /** A message to show and highlight once the list is placed (a search result), loading earlier pages to reach it. */
  focusMessageId?: string | null;
}

/** Guessed row height before a row is measured, px. */
const ESTIMATE_PX = 64;
/** How close to the bottom (px) still counts as "reading the newest messages". */
const STICKY_PX = 80;
/** Earlier messages load when the first rendered row is this close to the first row. */
const LOAD_AHEAD_ROWS = 5;
/** Without layout (hidden, or tests), the viewport is taken to be this size. */
const FALLBACK_RECT = { width: 800, height: 800 };
const HIGHLIGHT_MS = 2_000;
/** At most this many rows are loaded to reach the first unread message when a chat opens. */
const MAX_UNREAD_LOAD = 1_000;

const isOthers = (item: TimelineItem, meId: string): item is Extract<TimelineItem, { kind: 'message' }> =>
  item.kind === 'message' && !item.message.system && item.message.senderId !== meId;

export function MessageList(props: MessageListProps) {
  const { items, meId, loading, error, hasEarlier, onLoadEarlier, onReadUpTo } = props;
  const t = strings.history;
  // The read position the chat opened with (the first one known before the view is placed):
  // later reads move the SDK's position, not the divider.
  const [unreadAfterSeq, setUnreadAfterSeq] = useState(props.unreadAfterSeq);
  const rows = useMemo(() => buildRows(items, { meId, unreadAfterSeq }), [items, meId, unreadAfterSeq]);
  const scroller = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  const [jumpTo, setJumpTo] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const positioned = useRef(false);
  /** The newest seq the reader has had on screen: "new messages" are those after it. */
  const [seenSeq, setSeenSeq] = useState(unreadAfterSeq ?? 0);
  if (unreadAfterSeq === undefined && props.unreadAfterSeq !== undefined && !positioned.current) {
    setUnreadAfterSeq(props.unreadAfterSeq);
    setSeenSeq((s) => Math.max(s, props.unreadAfterSeq ?? 0));
  }

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATE_PX,
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 6,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: STICKY_PX,
    initialRect: FALLBACK_RECT,
    observeElementRect: (instance, cb) =>
      observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : FALLBACK_RECT)),
    measureElement: (el, entry, instance) => {
      const h = measureRow(el, entry, instance);
      return h > 0 ? h : ESTIMATE_PX;
    },
  });
  const virtualRows = virtualizer.getVirtualItems();
  // To the newest message by writing scrollTop (not a virtualizer command: an unfinished command
  // would keep the virtualizer from anchoring what the reader sees when earlier pages arrive);
  // rows measured afterwards keep the view at the end (anchorTo: 'end').
  const scrollToEnd = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    requestAnimationFrame(() => (el.scrollTop = el.scrollHeight));
  }, []);
  // The first rendered row (overscan included) decides loading; what is really on screen
  // (the virtualizer's range, without overscan) decides what was read.
  const firstVisible = virtualRows[0]?.index ?? 0;
  const onScreenFirst = virtualizer.range?.startIndex ?? firstVisible;
  const lastVisible = virtualizer.range?.endIndex ?? virtualRows.at(-1)?.index ?? -1;

  // Earlier rows arriving above must not move what the reader sees. The virtualizer anchors
  // for this (anchorTo: 'end'), but not while one of its scroll commands is unsettled; so the
  // row at the top of the view is remembered, and put back where it was if it moved.
  const anchor = useRef<{ firstKey: string; key: string; top: number } | null>(null);
  const remember = useCallback(() => {
    const el = scroller.current;
    const first = rows[0];
    if (!el || !first) return;
    const offset = el.scrollTop;
    const item = virtualizer.measurementsCache.find((m) => m.end > offset);
    if (item && typeof item.key === 'string')
      anchor.current = { firstKey: first.key, key: item.key, top: item.start - offset };
  }, [rows, virtualizer]);
  useLayoutEffect(() => {
    const el = scroller.current;
    const a = anchor.current;
    if (el && a && rows[0] && rows[0].key !== a.firstKey) {
      const i = rows.findIndex((r) => r.key === a.key);
      const start = i >= 0 ? virtualizer.measurementsCache[i]?.start : undefined;
      if (start !== undefined && i > 0) {
        const want = start - a.top;
        if (Math.abs(el.scrollTop - want) > 1) el.scrollTop = want;
      }
    }
    remember();
  }, [rows, virtualizer, remember]);

  // A message asked for from outside (a search result) replaces the starting place below.
  const focused = useRef<string | null>(null);
  const focusMessageId = props.focusMessageId ?? null;

  // Where the reader starts: the asked-for message, else the first unread message, else the newest.
  useLayoutEffect(() => {
    if (positioned.current || loading || rows.length === 0) return;
    // The first unread message is further back than the loaded pages: load more first.
    const first = rows.find((r) => r.item.kind === 'message')?.item;
    const oldest = first?.kind === 'message' ? first.message.seq : 0;
    if (
      unreadAfterSeq !== undefined &&
      hasEarlier &&
      onLoadEarlier &&
      oldest > unreadAfterSeq + 1 &&
      rows.length < MAX_UNREAD_LOAD
    ) {
      onLoadEarlier();
      return;
    }
    positioned.current = true;
    // The jump to the asked-for message (an effect below) places the view.
    if (focusMessageId && focused.current !== focusMessageId) return;
    const unread = rows.findIndex((r) => r.firstUnread);
    if (unread >= 0) {
      virtualizer.scrollToIndex(unread, { align: 'start' });
      setAtBottom(false);
    } else scrollToEnd();
  }, [loading, rows, virtualizer, unreadAfterSeq, hasEarlier, onLoadEarlier, scrollToEnd, focusMessageId]);

  // My own new message brings me to the bottom even when I was reading older ones.
  const last = rows.at(-1)?.item;
  const lastKey = last?.key;
  const lastIsMine =
    last !== undefined && (last.kind !== 'message' || (last.message.senderId === meId && !last.message.system));
  useEffect(() => {
    if (positioned.current && lastIsMine && lastKey) scrollToEnd();
    // Only when the newest row changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastKey]);

  // Earlier pages load when the reader nears the top.
  useEffect(() => {
    if (positioned.current && hasEarlier && onLoadEarlier && firstVisible <= LOAD_AHEAD_ROWS && !jumpTo)
      onLoadEarlier();
  }, [firstVisible, hasEarlier, onLoadEarlier, rows.length, jumpTo]);

  // What the reader has seen: new-message count, and the read position reported to the SDK.
  const newestVisibleSeq = useMemo(() => {
    for (let i = Math.min(lastVisible, rows.length - 1); i >= onScreenFirst && i >= 0; i--) {
      const item = rows[i]!.item;
      if (item.kind === 'message') return item.message.seq;
    }
    return 0;
  }, [rows, onScreenFirst, lastVisible]);
  useEffect(() => {
    if (!positioned.current) return;
    const report = () => {
      if (newestVisibleSeq <= 0 || !document.hasFocus() || document.visibilityState !== 'visible') return;
      setSeenSeq((s) => Math.max(s, newestVisibleSeq));
      onReadUpTo?.(newestVisibleSeq);
    };
    report();
    window.addEventListener('focus', report);
    document.addEventListener('visibilitychange', report);
    return () => {
      window.removeEventListener('focus', report);
      document.removeEventListener('visibilitychange', report);
    };
  }, [newestVisibleSeq, onReadUpTo]);
  const newCount = useMemo(
    () => rows.filter((r) => isOthers(r.item, meId) && r.item.message.seq > seenSeq).length,
    [rows, meId, seenSeq],
  );

  // A message asked for from outside (a search result): jumped to like a quote's original, once
  // the list has its starting place.
  useEffect(() => {
    if (!focusMessageId || !positioned.current || focused.current === focusMessageId) return;
    focused.current = focusMessageId;
    setJumpTo(focusMessageId);
  }, [focusMessageId, rows]);

  // A reply's quote was clicked: show the original, loading earlier pages until it is there.
  useEffect(() => {
    if (!jumpTo) return;
    const i = rowIndexOfMessage(rows, jumpTo);
    if (i >= 0) {
      setJumpTo(null);
      virtualizer.scrollToIndex(i, { align: 'center' });
      setHighlight(jumpTo);
      setFocusIndex(i);
    } else if (hasEarlier && onLoadEarlier) onLoadEarlier();
    else {
      setJumpTo(null);
      setNotice(t.originalNotFound);
    }
  }, [jumpTo, rows, hasEarlier, onLoadEarlier, virtualizer, t]);
  useEffect(() => {
    if (!highlight) return;
    const timer = setTimeout(() => setHighlight(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [highlight]);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), HIGHLIGHT_MS * 2);
    return () => clearTimeout(timer);
  }, [notice]);

  // Keyboard: the focused row follows focusIndex once it is rendered.
  useEffect(() => {
    if (focusIndex === null) return;
    const el = listRef.current?.querySelector<HTMLElement>(`[data-index="${focusIndex}"]`);
    if (el && document.activeElement !== el && listRef.current?.contains(document.activeElement) !== false) el.focus();
  }, [focusIndex, virtualRows]);

  function onListKeyDown(e: KeyboardEvent<HTMLOListElement>) {
    if (rows.length === 0 || !(e.target instanceof HTMLElement) || e.target.dataset['index'] === undefined) return;
    const current = Number(e.target.dataset['index']);
    const next =
      e.key === 'ArrowUp'
        ? current - 1
        : e.key === 'ArrowDown'
          ? current + 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? rows.length - 1
              : null;
    if (next === null) return;
    e.preventDefault();
    const clamped = Math.max(0, Math.min(rows.length - 1, next));
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
    setFocusIndex(clamped);
  }

  function toBottom() {
    scrollToEnd();
    setSeenSeq((s) => Math.max(s, ...rows.map((r) => (r.item.kind === 'message' ? r.item.message.seq : 0))));
  }

  const tabbable = focusIndex !== null && focusIndex < rows.length ? focusIndex : rows.length - 1;

  return (
    <div className="history">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="history-notice" role="status">
          {notice}
        </p>
      )}
      {loading && <p className="placeholder">{strings.chat.loadingHistory}</p>}
      {!loading && !error && items.length === 0 && <p className="placeholder">{strings.chat.empty}</p>}
      <div
        className="timeline"
        ref={scroller}
        onScroll={() => {
          setAtBottom(virtualizer.getDistanceFromEnd() <= STICKY_PX);
          remember();
        }}
      >
        {hasEarlier && firstVisible <= LOAD_AHEAD_ROWS && rows.length > 0 && (
          <p className="loading-earlier" role="status">
            {t.loadingEarlier}
          </p>
        )}
        <ol
          ref={listRef}
          className="messages"
          aria-label={strings.chat.historyLabel}
          style={{ height: virtualizer.getTotalSize() }}
          onKeyDown={onListKeyDown}
        >
          {virtualRows.map((v) => {
            const row = rows[v.index]!;
            const message = row.item.kind === 'message' ? row.item.message : null;
            return (
              <li
                key={v.key}
                ref={virtualizer.measureElement}
                data-index={v.index}
                className="row"
                tabIndex={v.index === tabbable ? 0 : -1}
                aria-setsize={rows.length}
                aria-posinset={v.index + 1}
                style={{ transform: `translateY(${v.start}px)` }}
                onFocus={(e) => e.target === e.currentTarget && setFocusIndex(v.index)}
              >
                {row.day && (
                  <p className="day-separator">
                    <span>{row.day}</span>
                  </p>
                )}
                {row.firstUnread && (
                  <p className="unread-divider">
                    <span>{t.unreadDivider}</span>
                  </p>
                )}
                <MessageBubble
                  item={row.item}
                  meId={meId}
                  senderName={props.senderName}
                  showSenders={props.showSenders}
                  starred={message ? message.id in (props.starred ?? {}) : false}
                  highlighted={message !== null && message.id === highlight}
                  receipt={message && message.senderId === meId ? props.receiptOf?.(message) : undefined}
                  loadReceipts={props.loadReceipts}
                  onDismiss={props.onDismiss}
                  onOpenActions={props.onOpenActions}
                  onToggleReaction={props.onToggleReaction}
                  onQuoteClick={(m) => m.replyToId && setJumpTo(m.replyToId)}
                />
              </li>
            );
          })}
        </ol>
      </div>
      {!atBottom && rows.length > 0 && (
        <button
          type="button"
          className="jump-to-bottom"
          onClick={toBottom}
          aria-label={newCount > 0 ? t.newMessages(newCount) : t.jumpToNewest}
        >
          <span aria-hidden="true">↓</span>
          {newCount > 0 && <span className="jump-count">{newCount}</span>}
        </button>
      )}
      <TypingLine names={props.typingNames ?? []} />
    </div>
  );
}
