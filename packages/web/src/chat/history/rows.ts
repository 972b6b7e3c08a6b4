// The rows the history shows, one per timeline item: each knows whether a day separator and the
// "Unread messages" divider go above it. Kept pure so the rules are tested without a DOM.
import type { TimelineItem } from '../timeline.js';
import { dayKey, dayLabel } from './day-label.js';

export interface HistoryRow {
  key: string;
  item: TimelineItem;
  /** The day separator above this row, when it starts a new day. */
  day: string | null;
  /** The first unread message: the "Unread messages" divider goes above it. */
  firstUnread: boolean;
}

export interface RowOptions {
  meId: string;
  /** The read position when the chat was opened: messages from others after it are unread. */
  unreadAfterSeq?: number | undefined;
  now?: Date;
}

export const itemTime = (item: TimelineItem): string =>
  item.kind === 'message' ? item.message.createdAt : item.pending.createdAt;

export function buildRows(items: readonly TimelineItem[], opts: RowOptions): HistoryRow[] {
  const now = opts.now ?? new Date();
  let lastDay = '';
  let unreadPlaced = opts.unreadAfterSeq === undefined;
  return items.map((item) => {
    const at = itemTime(item);
    const key = dayKey(new Date(at));
    const day = key === lastDay ? null : dayLabel(at, now);
    lastDay = key;
    let firstUnread = false;
    if (
      !unreadPlaced &&
      item.kind === 'message' &&
      !item.message.system &&
      item.message.senderId !== opts.meId &&
      item.message.seq > (opts.unreadAfterSeq ?? 0)
    ) {
      firstUnread = true;
      unreadPlaced = true;
    }
    return { key: item.key, item, day, firstUnread };
  });
}

/** Index of the row showing the message with this id, or -1. */
export const rowIndexOfMessage = (rows: readonly HistoryRow[], messageId: string): number =>
  rows.findIndex((r) => r.item.kind === 'message' && r.item.message.id === messageId);
