import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveStatus } from './live-status.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const typing = (conversationId: string, userId: string, stopped = false) =>
  ({ type: 'typing', conversationId, userId, stopped }) as const;

describe('LiveStatus', () => {
  it('shows who is typing where, renews on repeat, expires without renewal, ends on stop', () => {
    const live = new LiveStatus(5_000);
    const seen: unknown[] = [];
    live.on('typing', (t) => seen.push(t));
    live.onTyping(typing('c1', 'u1'));
    live.onTyping(typing('c1', 'u2'));
    live.onTyping(typing('c2', 'u1'));
    expect(live.typing).toEqual({ c1: ['u1', 'u2'], c2: ['u1'] });
    vi.advanceTimersByTime(4_000);
    live.onTyping(typing('c1', 'u1')); // renewed: no change emitted
    expect(seen).toHaveLength(3);
    vi.advanceTimersByTime(1_500);
    // u2 in c1 and u1 in c2 expired; u1 in c1 was renewed.
    expect(live.typing).toEqual({ c1: ['u1'] });
    live.onTyping(typing('c1', 'u1', true));
    expect(live.typing).toEqual({});
    vi.advanceTimersByTime(10_000);
    expect(seen).toHaveLength(6);
  });

  it('keeps the latest presence per user, and forgets typing when cleared', () => {
    const live = new LiveStatus();
    live.onPresence({ type: 'presence', presence: { userId: 'u1', status: 'online', lastSeenAt: null } });
    live.onPresence({
      type: 'presence',
      presence: { userId: 'u1', status: 'offline', lastSeenAt: '2026-01-01T00:00:00.000Z' },
    });
    expect(live.presence).toEqual({ u1: { userId: 'u1', status: 'offline', lastSeenAt: '2026-01-01T00:00:00.000Z' } });
    live.onTyping(typing('c1', 'u1'));
    live.clear();
    expect(live.typing).toEqual({});
  });
});
