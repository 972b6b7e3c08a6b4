// Helpers for server tests: plain HTTP calls, users, and a WebSocket client that queues frames
// so a test can wait for the one it expects. Real sockets and a real server, no mocks.
import { WebSocket } from 'ws';
import type { AuthResponse, ServerFrame } from '@anytime/protocol';

export interface ApiResult<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = any>( // eslint-disable-line @typescript-eslint/no-explicit-any
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
  let payload: string | undefined;
  if (opts.raw !== undefined) payload = opts.raw;
  else if (opts.body !== undefined) payload = JSON.stringify(opts.body);
  if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: payload });
  const text = await res.text();
  const json = text && (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, body: (json ? JSON.parse(text) : text || null) as T, headers: res.headers };
}

export interface TestUser extends AuthResponse {
  token: string;
  password: string;
}

let counter = 0;
export function uniqueName(prefix = 'u'): string {
  counter += 1;
  return `${prefix}${counter}_${Math.random().toString(36).slice(2, 8)}`;
}

export async function registerUser(
  base: string,
  username = uniqueName(),
  password = 'correct horse',
): Promise<TestUser> {
  const r = await api<AuthResponse>(base, 'POST', '/v1/auth/register', { body: { username, password } });
  if (r.status !== 201) throw new Error(`register failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { ...r.body, token: r.body.accessToken, password };
}

export async function loginUser(base: string, user: TestUser): Promise<TestUser> {
  const r = await api<AuthResponse>(base, 'POST', '/v1/auth/login', {
    body: { username: user.user.username, password: user.password },
  });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { ...r.body, token: r.body.accessToken, password: user.password };
}

export async function direct(base: string, a: TestUser, b: TestUser): Promise<string> {
  const r = await api(base, 'POST', '/v1/conversations', {
    token: a.token,
    body: { kind: 'direct', memberIds: [b.user.id] },
  });
  if (r.status !== 201 && r.status !== 200) throw new Error(`direct failed: ${r.status}`);
  return (r.body as { conversation: { id: string } }).conversation.id;
}

export async function group(base: string, owner: TestUser, members: TestUser[], title = 'group'): Promise<string> {
  const r = await api(base, 'POST', '/v1/conversations', {
    token: owner.token,
    body: { kind: 'group', title, memberIds: members.map((m) => m.user.id) },
  });
  if (r.status !== 201) throw new Error(`group failed: ${r.status}`);
  return (r.body as { conversation: { id: string } }).conversation.id;
}

export async function send(
  base: string,
  u: TestUser,
  conversationId: string,
  text: string,
  clientId = uniqueName('c'),
) {
  return api(base, 'POST', `/v1/conversations/${conversationId}/messages`, {
    token: u.token,
    body: { clientId, text },
  });
}

type Frame = ServerFrame & Record<string, unknown>;

/** A WebSocket client that records every frame; `next` waits for a matching one. */
export class WsClient {
  readonly frames: Frame[] = [];
  private readIndex = 0;
  private waiters: (() => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const w of this.waiters.splice(0)) w();
      }),
    );
  }

  static async connect(
    base: string,
    token: string,
    opts: { cursor?: string; viaQuery?: boolean; autoPong?: boolean; waitSynced?: boolean } = {},
  ): Promise<WsClient> {
    const url = new URL('/v1/ws', base.replace(/^http/, 'ws'));
    if (opts.viaQuery) url.searchParams.set('access_token', token);
    if (opts.cursor) url.searchParams.set('cursor', opts.cursor);
    const ws = new WebSocket(url, {
      headers: opts.viaQuery ? {} : { authorization: `Bearer ${token}` },
      autoPong: opts.autoPong ?? true,
    });
    const client = new WsClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    if (opts.waitSynced !== false) await client.next((f) => f.type === 'synced');
    return client;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame (after the last one returned) that matches; earlier non-matching ones are kept. */
  async next(match: (f: Frame) => boolean, timeoutMs = 5_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = this.readIndex; i < this.frames.length; i++) {
        const f = this.frames[i]!;
        if (match(f)) {
          this.readIndex = i + 1;
          return f;
        }
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.ws.readyState === WebSocket.CLOSED) {
        throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  events(type?: string): Frame[] {
    return this.frames.filter(
      (f) => 'cursor' in f && f.type !== 'hello' && f.type !== 'synced' && (!type || f.type === type),
    );
  }

  close(): void {
    this.ws.close();
  }
}
