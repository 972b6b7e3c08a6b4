// Helpers for the two-node cluster tests (cluster/*.cluster.test.ts): nodes as real processes
// on one PostgreSQL database and one NATS, what a socket received, and the stored history.
import { api, type TestUser, type WsClient } from './harness.js';
import { spawnServer, type ServerProcess } from './process.js';

export const SHARED_NATS_URL = process.env['ANYTIME_TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222';

export interface StoredMessage {
  id: string;
  seq: number;
  clientId: string;
  text: string;
}

/** Two nodes sharing the database and the broker. */
export async function startTwoNodes(
  env: Record<string, string>,
): Promise<{ nodeA: ServerProcess; nodeB: ServerProcess }> {
  const [nodeA, nodeB] = await Promise.all([
    spawnServer({ ...env, NODE_ID: 'node-a' }, 40_000),
    spawnServer({ ...env, NODE_ID: 'node-b' }, 40_000),
  ]);
  return { nodeA, nodeB };
}

export async function stopNodes(...nodes: (ServerProcess | undefined)[]): Promise<void> {
  await Promise.all(
    nodes.map((n) => (n && n.proc.exitCode === null && n.proc.signalCode === null ? n.kill('SIGTERM') : undefined)),
  );
}

/** Every message of a conversation, in seq order, read page by page. */
export async function history(
  base: string,
  user: Pick<TestUser, 'token'>,
  conversationId: string,
): Promise<StoredMessage[]> {
  const all: StoredMessage[] = [];
  for (let after = 0; ;) {
    const r = await api(base, 'GET', `/v1/conversations/${conversationId}/messages?afterSeq=${after}&limit=200`, {
      token: user.token,
    });
    if (r.status !== 200) throw new Error(`history failed: ${r.status} ${JSON.stringify(r.body)}`);
    const page = r.body.messages as StoredMessage[];
    if (page.length === 0) return all;
    all.push(...page);
    after = page.at(-1)!.seq;
  }
}

/** The message.created events a socket received for one conversation, in arrival order. */
export function received(ws: WsClient, conversationId: string): StoredMessage[] {
  return ws.frames
    .filter((f) => f.type === 'message.created' && f['conversationId'] === conversationId)
    .map((f) => f['message'] as StoredMessage);
}

/** Polls until check() holds, or throws naming what it waited for. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Waits until every socket has received `count` messages of the conversation; on timeout, says
 * how far each one got and whether it was closed (and how).
 */
export async function untilAllReceived(
  sockets: WsClient[],
  conversationId: string,
  count: number,
  timeoutMs: number,
): Promise<void> {
  const closes = sockets.map((ws) => {
    let state = 'open';
    void ws.closed.then((c) => (state = `closed ${c.code} ${c.reason}`));
    return () => state;
  });
  try {
    await until(
      () => sockets.every((ws) => received(ws, conversationId).length >= count),
      timeoutMs,
      'every socket to get every message',
    );
  } catch (e) {
    const states = sockets.map(
      (ws, i) => `socket ${i}: ${received(ws, conversationId).length}/${count}, ${closes[i]!()}`,
    );
    throw new Error(`${(e as Error).message} (${states.join('; ')})`);
  }
}
