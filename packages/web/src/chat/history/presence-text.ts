// "online" / "last seen today at 10:04" / "last seen yesterday at …" / "last seen 3 March", as
// the header of a direct chat shows the other member's presence.
import type { Presence } from '@anytime/protocol';
import { formatClock } from '../../app/format-time.js';
import { strings } from '../../strings.js';
import { dayKey } from './day-label.js';

const date = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

export function presenceText(p: Presence | undefined, now: Date = new Date()): string | null {
  const t = strings.history;
  if (!p || p.status === 'hidden') return null;
  if (p.status === 'online') return t.online;
  if (!p.lastSeenAt) return t.lastSeenRecently;
  const seen = new Date(p.lastSeenAt);
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (dayKey(seen) === dayKey(now)) return t.lastSeenToday(formatClock(p.lastSeenAt));
  if (dayKey(seen) === dayKey(yesterday)) return t.lastSeenYesterday(formatClock(p.lastSeenAt));
  return t.lastSeenOn(date.format(seen));
}
