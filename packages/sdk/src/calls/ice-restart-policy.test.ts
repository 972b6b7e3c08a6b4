// When call sessions restart ICE by themselves: a failed connection at once, a disconnected one
// only if it stays so for DISCONNECTED_RESTART_MS, and on the `online` event; never after close;
// a connection that fails again right after a restart waits MIN_RESTART_INTERVAL_MS (no storm).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DISCONNECTED_RESTART_MS, IceRestartPolicy, MIN_RESTART_INTERVAL_MS } from './ice-restart-policy.js';

describe('IceRestartPolicy', () => {
  // Node has no window: the policy listens on globalThis, as in a browser.
  const target = new EventTarget();
  const g = globalThis as { addEventListener?: unknown; removeEventListener?: unknown };
  beforeEach(() => {
    vi.useFakeTimers();
    g.addEventListener = target.addEventListener.bind(target);
    g.removeEventListener = target.removeEventListener.bind(target);
  });
  afterEach(() => {
    vi.useRealTimers();
    delete g.addEventListener;
    delete g.removeEventListener;
  });

  function policy(initial: RTCPeerConnectionState = 'connected') {
    let state = initial;
    const restarts: number[] = [];
    const p = new IceRestartPolicy(
      () => restarts.push(Date.now()),
      () => state,
    );
    const set = (next: RTCPeerConnectionState) => {
      state = next;
      p.onConnectionState(next);
    };
    return { p, set, restarts };
  }

  it('restarts at once when the connection fails', () => {
    const { set, restarts } = policy();
    set('failed');
    expect(restarts).toHaveLength(1);
  });

  it('restarts a connection that stays disconnected, not one that recovers', () => {
    const { set, restarts } = policy();
    set('disconnected');
    vi.advanceTimersByTime(DISCONNECTED_RESTART_MS - 100);
    set('connected');
    vi.advanceTimersByTime(DISCONNECTED_RESTART_MS);
    expect(restarts).toHaveLength(0);
    set('disconnected');
    vi.advanceTimersByTime(DISCONNECTED_RESTART_MS);
    expect(restarts).toHaveLength(1);
  });

  it('a connection failing again right after a restart is restarted once the interval is over, if still down', () => {
    const { set, restarts } = policy();
    set('failed');
    set('connecting');
    // werift flips failed / connecting while its restarted ICE has not come up: one restart, not one each time.
    for (let i = 0; i < 20; i++) {
      set('failed');
      set('connecting');
      set('failed');
      vi.advanceTimersByTime(30);
    }
    expect(restarts).toHaveLength(1);
    vi.advanceTimersByTime(MIN_RESTART_INTERVAL_MS);
    expect(restarts).toHaveLength(2);
    // Failed again at once, then up before the interval is over: no third restart.
    set('failed');
    set('connected');
    vi.advanceTimersByTime(MIN_RESTART_INTERVAL_MS * 2);
    expect(restarts).toHaveLength(2);
  });

  it('restarts on the online event, and does nothing after close', () => {
    const { p, set, restarts } = policy();
    target.dispatchEvent(new Event('online'));
    expect(restarts).toHaveLength(1);
    set('disconnected');
    p.close();
    vi.advanceTimersByTime(DISCONNECTED_RESTART_MS * 2);
    target.dispatchEvent(new Event('online'));
    set('failed');
    expect(restarts).toHaveLength(1);
  });
});
