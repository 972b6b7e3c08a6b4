// When a call session restarts ICE by itself (1:1 and group calls alike): when its connection
// fails, when it stays 'disconnected' for DISCONNECTED_RESTART_MS (a network change the browser
// did not announce), and when the browser's `online` event fires (a network came back or changed).
// The session says how to restart; this only decides when.

/** How long 'disconnected' may last before an ICE restart (ms). */
export const DISCONNECTED_RESTART_MS = 3_000;

type EventTarget = {
  addEventListener?: (t: string, f: () => void) => void;
  removeEventListener?: (t: string, f: () => void) => void;
};

export class IceRestartPolicy {
  private disconnectedTimer: ReturnType<typeof setTimeout> | null = null;
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
      this.restart();
    } else if (state === 'disconnected') {
      this.disconnectedTimer = setTimeout(() => {
        this.disconnectedTimer = null;
        if (!this.closed && this.state() === 'disconnected') this.restart();
      }, DISCONNECTED_RESTART_MS);
    }
  }

  close(): void {
    this.closed = true;
    if (this.disconnectedTimer) clearTimeout(this.disconnectedTimer);
    this.disconnectedTimer = null;
    this.stopOnline();
  }
}
