// When a call session restarts ICE by itself (1:1 and group calls alike): when its connection
// fails, when it stays 'disconnected' for DISCONNECTED_RESTART_MS (a network change the browser
// did not announce), and when the browser's `online` event fires (a network came back or changed).
// A connection that fails again within MIN_RESTART_INTERVAL_MS of a restart is restarted when that
// interval is over, if it is still down: werift, restarted while its first ICE is still checking,
// flips failed / connecting every few ms, and a restart on each 'failed' kept it from ever
// connecting (a storm of restarts, each one an offer on both Janus connections; issue 7).
// The session says how to restart; this only decides when.

/** How long 'disconnected' may last before an ICE restart (ms). */
export const DISCONNECTED_RESTART_MS = 3_000;
/** The least time between two restarts (ms): a connection that fails again at once waits this long. */
export const MIN_RESTART_INTERVAL_MS = 5_000;

type EventTarget = {
  addEventListener?: (t: string, f: () => void) => void;
  removeEventListener?: (t: string, f: () => void) => void;
};

export class IceRestartPolicy {
  private disconnectedTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private lastRestart = -Infinity;
  private readonly stopOnline: () => void = () => undefined;
  private closed = false;

  constructor(
    private readonly restart: () => void,
    /** The session's connection state now (the worse of its connections). */
    private readonly state: () => RTCPeerConnectionState,
  ) {
    const g = globalThis as EventTarget;
    if (typeof g.addEventListener === 'function' && typeof g.removeEventListener === 'function') {
      const online = () => {
        if (!this.closed) this.restart();
      };
      g.addEventListener('online', online);
      this.stopOnline = () => g.removeEventListener!('online', online);
    }
  }

  /** Call on every connection state change of the session. */
  onConnectionState(state: RTCPeerConnectionState): void {
    if (this.disconnectedTimer) {
      clearTimeout(this.disconnectedTimer);
      this.disconnectedTimer = null;
    }
    if (this.closed) return;
    if (state === 'failed') {
      this.restartSoon();
    } else if (state === 'disconnected') {
      this.disconnectedTimer = setTimeout(() => {
        this.disconnectedTimer = null;
        if (!this.closed && this.state() === 'disconnected') this.restartSoon();
      }, DISCONNECTED_RESTART_MS);
    }
  }

  /** Restarts now, or once MIN_RESTART_INTERVAL_MS has passed since the last restart if still not up. */
  private restartSoon(): void {
    const wait = this.lastRestart + MIN_RESTART_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      this.lastRestart = Date.now();
      this.restart();
      return;
    }
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      const s = this.state();
      if (!this.closed && (s === 'failed' || s === 'disconnected')) this.restartSoon();
    }, wait);
  }

  close(): void {
    this.closed = true;
    if (this.disconnectedTimer) clearTimeout(this.disconnectedTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.disconnectedTimer = null;
    this.retryTimer = null;
    this.stopOnline();
  }
}
