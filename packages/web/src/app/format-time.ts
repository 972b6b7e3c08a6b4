// Times as people read them, in their own locale: clock time today, a short date before that.
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

export function formatClock(iso: string): string {
  return clock.format(new Date(iso));
}

/** For the conversation list: the time if it was today, else the date. */
export function formatWhen(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  return d.toDateString() === now.toDateString() ? clock.format(d) : day.format(d);
}
