// Day separators and the unread divider: which rows get them.
import { describe, expect, it } from 'vitest';
import { testMessage } from '@anytime/protocol/testing';
import { strings } from '../../strings.js';
import { buildTimeline } from '../timeline.js';
import { dayLabel } from './day-label.js';
import { buildRows } from './rows.js';

const local = (y: number, mo: number, d: number, h = 12) => new Date(y, mo, d, h).toISOString();
const now = new Date(2030, 5, 14, 18); // a Friday

describe('dayLabel', () => {
  it('says Today, Yesterday, the weekday within a week, else the date (with the year when not this one)', () => {
    expect(dayLabel(local(2030, 5, 14, 1), now)).toBe(strings.history.today);
    expect(dayLabel(local(2030, 5, 13, 23), now)).toBe(strings.history.yesterday);
    expect(dayLabel(local(2030, 5, 10), now)).toBe(
      new Intl.DateTimeFormat(undefined, { weekday: 'long' }).format(new Date(2030, 5, 10)),
    );
    const older = dayLabel(local(2030, 4, 2), now);
    expect(older).toContain('2');
    expect(older).not.toContain('2030');
    expect(dayLabel(local(2029, 11, 31), now)).toContain('2029');
  });
});

describe('buildRows', () => {
  const m = (seq: number, senderId: string, createdAt: string, system = false) =>
    testMessage({
      conversationId: 'c',
      seq,
      senderId,
      createdAt,
      system: system
        ? {
            action: 'member_left',
            actorId: senderId,
            userIds: [senderId],
            role: null,
            fields: [],
            title: null,
            announcementsOnly: null,
          }
        : null,
    });
  const items = buildTimeline('c', {
    stored: [
      [
        m(2, 'bob', local(2030, 5, 12, 9)),
        m(3, 'bob', local(2030, 5, 12, 10)),
        m(4, 'me', local(2030, 5, 13, 9)),
        m(5, 'eve', local(2030, 5, 14, 8), true),
        m(6, 'me', local(2030, 5, 14, 9)),
        m(7, 'bob', local(2030, 5, 14, 10)),
        m(8, 'bob', local(2030, 5, 14, 11)),
      ],
    ],
    pending: [],
    failed: [],
  });

  it('puts a day separator above the first row of each day', () => {
    const rows = buildRows(items, { meId: 'me', now });
    expect(rows.map((r) => r.day)).toEqual([
      dayLabel(local(2030, 5, 12), now),
      null,
      strings.history.yesterday,
      strings.history.today,
      null,
      null,
      null,
    ]);
    expect(rows.some((r) => r.firstUnread)).toBe(false);
  });

  it('marks the first message from someone else after the read position, skipping mine and system lines', () => {
    const rows = buildRows(items, { meId: 'me', unreadAfterSeq: 3, now });
    expect(rows.filter((r) => r.firstUnread).map((r) => r.item.key)).toEqual(['c-m7']);
    expect(buildRows(items, { meId: 'me', unreadAfterSeq: 8, now }).some((r) => r.firstUnread)).toBe(false);
    expect(buildRows(items, { meId: 'me', unreadAfterSeq: 0, now }).findIndex((r) => r.firstUnread)).toBe(0);
  });
});
