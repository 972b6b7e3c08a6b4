// Helpers for the SDK's integration tests: clients against a real test server, sockets the
// test can kill abruptly, and waiting for conditions.
import { WebSocket as NodeWebSocket } from 'ws';
import { createClient, type AnytimeClient, type ClientOptions } from '../client.js';
import type { SocketConstructor } from '../realtime/socket.js';

export interface SocketTracker {
  WebSocket: SocketConstructor;
  /** Terminates every open socket (no close handshake); returns how many there were. */
  kill(): number;
  /** Every text frame received, parsed, over all sockets. */
  frames: { type: string; seq?: number }[];
}

/** A WebSocket class whose sockets the test can terminate and whose frames it can see. */
export function socketTracker(): SocketTracker {
  const open = new Set<NodeWebSocket>();
  const frames: SocketTracker['frames'] = [];
  class Tracked extends NodeWebSocket {
    constructor(url: string) {
      super(url);
      open.add(this);
      this.on('close', () => open.delete(this));
      this.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as { type: string }));
    }
  }
  return {
    frames,
    WebSocket: Tracked,
    kill() {
      const n = open.size;
      for (const s of open) s.terminate();
      open.clear();
      return n;
    },
  };
}

export interface TestDevice {
  client: AnytimeClient;
  kill(): number;
  frames: SocketTracker['frames'];
}

/** Fast timings so tests that reconnect do not wait long. */
export const FAST_REALTIME: ClientOptions['realtime'] = {
  backoff: { baseMs: 20, capMs: 200 },
  pingIntervalMs: 1000,
  stableAfterMs: 500,
};

export function device(baseUrl: string, extra: Partial<ClientOptions> = {}): TestDevice {
  const tracker = socketTracker();
  const client = createClient({ baseUrl, WebSocket: tracker.WebSocket, realtime: FAST_REALTIME, ...extra });
  return { client, kill: tracker.kill, frames: tracker.frames };
}

let counter = 0;
/** A username no other test uses. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid}_${counter}_${Math.floor(Math.random() * 1e6)}`.slice(0, 32);
}

export const PASSWORD = 'correct horse battery';

/** Polls `check` until it returns true or the timeout passes. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
