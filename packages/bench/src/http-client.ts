// The few HTTP calls the benchmark makes while setting up: register users, create
// conversations. Responses are parsed with their protocol schemas (setup is not timed).
import {
  AuthResponse,
  ConversationResponse,
  parseWith,
  SearchResponse,
  SyncResponse,
  type Conversation,
  type CreateConversationRequest,
  type LoginRequest,
  type ParseResult,
  type RegisterRequest,
} from '@anytime/protocol';

type Parser<T> = (data: unknown) => ParseResult<T>;

export interface BenchUser {
  id: string;
  username: string;
  accessToken: string;
}

export class HttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${path} -> ${status} ${body.slice(0, 500)}`);
  }
}

async function call<T>(
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  parse: Parser<T>,
  token?: string,
): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) throw new HttpError(method, path, res.status, text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HttpError(method, path, res.status, `not JSON: ${text}`);
  }
  const parsed = parse(json);
  if (!parsed.ok) throw new HttpError(method, path, res.status, `unexpected shape (${parsed.message}): ${text}`);
  return parsed.value;
}

const passwordOf = (username: string) => `bench-password-${username}`;

export async function register(baseUrl: string, username: string): Promise<BenchUser> {
  const body: RegisterRequest = { username, password: passwordOf(username), deviceName: 'bench' };
  const r = await call(baseUrl, 'POST', '/v1/auth/register', body, (d) => parseWith(AuthResponse, d));
  return { id: r.user.id, username: r.user.username, accessToken: r.accessToken };
}

/** Signs a bench user in again: a new device with its own token. */
export async function login(baseUrl: string, username: string): Promise<BenchUser> {
  const body: LoginRequest = { username, password: passwordOf(username), deviceName: 'bench login' };
  const r = await call(baseUrl, 'POST', '/v1/auth/login', body, (d) => parseWith(AuthResponse, d));
  return { id: r.user.id, username: r.user.username, accessToken: r.accessToken };
}

/** Registers `count` users named `<prefix><n>`, a few at a time. */
export async function registerMany(
  baseUrl: string,
  prefix: string,
  count: number,
  concurrency = 8,
): Promise<BenchUser[]> {
  const users: BenchUser[] = new Array<BenchUser>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      users[i] = await register(baseUrl, `${prefix}${i}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return users;
}

export async function createConversation(
  baseUrl: string,
  creator: BenchUser,
  request: CreateConversationRequest,
): Promise<Conversation> {
  const parse = (d: unknown) => parseWith(ConversationResponse, d);
  const r = await call(baseUrl, 'POST', '/v1/conversations', request, parse, creator.accessToken);
  return r.conversation;
}

/** One page of GET /v1/sync for the user of `token`, after `cursor` (from the start when undefined). */
export async function syncPage(baseUrl: string, token: string, cursor: string | undefined, limit: number) {
  const q = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
  return call(baseUrl, 'GET', `/v1/sync?${q.toString()}`, undefined, (d) => parseWith(SyncResponse, d), token);
}

/** GET /v1/search as the user of `token`. */
export async function search(baseUrl: string, token: string, query: Record<string, string>) {
  const q = new URLSearchParams(query);
  return call(baseUrl, 'GET', `/v1/search?${q.toString()}`, undefined, (d) => parseWith(SearchResponse, d), token);
}
