// The few HTTP calls the benchmark makes while setting up: register users, create
// conversations. Responses are parsed with their protocol schemas (setup is not timed).
import {
  AuthResponse,
  ConversationResponse,
  parseWith,
  type Conversation,
  type CreateConversationRequest,
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
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body: JSON.stringify(body) });
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

export async function register(baseUrl: string, username: string): Promise<BenchUser> {
  const body: RegisterRequest = { username, password: `bench-password-${username}`, deviceName: 'bench' };
  const r = await call(baseUrl, 'POST', '/v1/auth/register', body, (d) => parseWith(AuthResponse, d));
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
