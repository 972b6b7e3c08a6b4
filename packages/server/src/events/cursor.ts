// Sync cursors. A cursor names a position in the event stream: (txid, pos). On SQLite txid is
// always 0 and pos alone orders the stream (one writer, so pos order is commit order). On
// PostgreSQL the stream is ordered by the writing transaction's id, then pos, and only events
// older than every running transaction are handed out, so the order never changes behind a
// reader. On the wire a cursor is an opaque string "t.p".
export interface CursorValue {
  t: number;
  p: number;
}

export const START: CursorValue = { t: 0, p: 0 };

export function encodeCursor(c: CursorValue): string {
  return `${c.t}.${c.p}`;
}

/** Parses a wire cursor; null when it is malformed. */
export function decodeCursor(s: string): CursorValue | null {
  const m = /^(\d{1,16})\.(\d{1,16})$/.exec(s);
  if (!m) return null;
  const t = Number(m[1]);
  const p = Number(m[2]);
  if (!Number.isSafeInteger(t) || !Number.isSafeInteger(p)) return null;
  return { t, p };
}

export function compareCursors(a: CursorValue, b: CursorValue): number {
  return a.t !== b.t ? a.t - b.t : a.p - b.p;
}

export function cursorOf(event: { cursor: string }): CursorValue {
  const c = decodeCursor(event.cursor);
  if (!c) throw new Error('event with a malformed cursor');
  return c;
}
