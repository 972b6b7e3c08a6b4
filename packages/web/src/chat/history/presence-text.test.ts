// The header's presence line of a direct chat.
import { describe, expect, it } from 'vitest';
import { formatClock } from '../../app/format-time.js';
import { strings } from '../../strings.js';
import { presenceText } from './presence-text.js';

const now = new Date(2030, 5, 14, 18);
const at = (d: Date) => d.toISOString();

describe('presenceText', () => {
  it('says online, last seen today / yesterday at a time, or on a date; nothing when hidden', () => {
    const t = strings.history;
    expect(presenceText({ userId: 'u', status: 'online', lastSeenAt: null }, now)).toBe(t.online);
    expect(presenceText({ userId: 'u', status: 'hidden', lastSeenAt: null }, now)).toBeNull();
    expect(presenceText(undefined, now)).toBeNull();
    const today = at(new Date(2030, 5, 14, 9, 5));
    expect(presenceText({ userId: 'u', status: 'offline', lastSeenAt: today }, now)).toBe(
      t.lastSeenToday(formatClock(today)),
    );
    const yesterday = at(new Date(2030, 5, 13, 22, 0));
    expect(presenceText({ userId: 'u', status: 'offline', lastSeenAt: yesterday }, now)).toBe(
      t.lastSeenYesterday(formatClock(yesterday)),
    );
    expect(presenceText({ userId: 'u', status: 'offline', lastSeenAt: at(new Date(2030, 2, 3)) }, now)).toMatch(
      /^last seen /,
    );
  });
});
