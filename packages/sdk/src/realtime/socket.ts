// The slice of the WebSocket API the SDK uses, met by browsers' WebSocket and by the `ws`
// package. In Node the `ws` package is imported on first use only, so browser bundles never
// include it.

/** Handler type compared bivariantly, so DOM and `ws` event types both fit. */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

export interface SocketLike {
  readonly readyState: number;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number; reason: string }> | null;
  onerror: Handler<unknown> | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketConstructor = new (url: string) => SocketLike;

/** readyState of an open socket (same in every implementation). */
export const SOCKET_OPEN = 1;

let nodeDefault: Promise<SocketConstructor> | undefined;

/** The injected constructor, else the global WebSocket, else (Node) the `ws` package. */
export function resolveSocketConstructor(injected?: SocketConstructor): Promise<SocketConstructor> {
  if (injected) return Promise.resolve(injected);
  const global = (globalThis as { WebSocket?: SocketConstructor }).WebSocket;
  if (global) return Promise.resolve(global);
  return (nodeDefault ??= loadWs());
}

async function loadWs(): Promise<SocketConstructor> {
  // A computed specifier keeps bundlers from following this import into browser builds.
  const specifier = ['w', 's'].join('');
  const mod = (await import(/* @vite-ignore */ specifier)) as { WebSocket?: SocketConstructor; default?: unknown };
  const ctor = mod.WebSocket ?? (mod.default as SocketConstructor | undefined);
  if (!ctor) throw new Error('no WebSocket implementation: pass one as the WebSocket option');
  return ctor;
}

/** Text of a message event's data (string in browsers; Buffer or string from `ws`). */
export function messageText(data: unknown): string | null {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data);
  return null;
}

/** ws:// or wss:// URL of the socket endpoint for an http(s) base URL. */
export function socketUrl(baseUrl: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return `${baseUrl.replace(/^http/, 'ws').replace(/\/+$/, '')}/v1/ws${s ? `?${s}` : ''}`;
}
