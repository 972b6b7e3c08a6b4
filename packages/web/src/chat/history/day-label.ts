// The label of a day separator in the history, as Telegram and WhatsApp show it: "Today",
// "Yesterday", the weekday within the last week, else the date (with the year when not this one).
import { strings } from '../../strings.js';

const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
const date = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long' });
const dateWithYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });

/** Local calendar day of a time, as a key ("2030-0-2"): two times on one day have the same key. */
export function dayKey(d: Date): string {
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

export function dayLabel(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  const days = Math.round((startOfDay(now) - startOfDay(d)) / 86_400_000);
  if (days === 0) return strings.history.today;
  if (days === 1) return strings.history.yesterday;
  if (days > 1 && days < 7) return weekday.format(d);
  return d.getFullYear() === now.getFullYear() ? date.format(d) : dateWithYear.format(d);
}
