// Test helpers for the calls tests (modules/calls): waiting for call frames by what
// they say, and the call messages a conversation has.
import type { Call, CallSummary } from '@anytime/protocol';
import { afterAll } from 'vitest';
import type { TestServer } from '../testing.js';
import { api, WsClient, type TestUser } from './harness.js';

type Frame = WsClient['frames'][number];

/** `connect(user)`: a socket to the file's server (`server()`), closed after the file's tests. */
export function socketsTo(server: () => TestServer): (u: TestUser) => Promise<WsClient> {
  const sockets: WsClient[] = [];
  afterAll(() => sockets.forEach((w) => w.close()));
  return async (u) => {
    const ws = await WsClient.connect(server().url, u.token);
    sockets.push(ws);
    return ws;
  };
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The first frame (received so far or within `ms`) that matches. */
export async function seen(ws: WsClient, match: (f: Frame) => boolean, ms = 10_000): Promise<Frame> {
  const deadline = Date.now() + ms;
  for (;;) {
    const f = ws.frames.find(match);
    if (f) return f;
    if (Date.now() > deadline)
      throw new Error(`no matching frame in ${ms} ms; last: ${JSON.stringify(ws.frames.slice(-4))}`);
    await pause(20);
  }
}

const callOf = (f: Frame) => f['call'] as Call | undefined;

/** A call.state of this call that satisfies `test`. */
export async function stateOf(ws: WsClient, callId: string, test: (c: Call) => boolean = () => true, ms?: number) {
  const f = await seen(ws, (x) => x.type === 'call.state' && callOf(x)?.id === callId && test(callOf(x)!), ms);
  return callOf(f)!;
}

export async function ringOf(ws: WsClient, callId?: string, ms?: number): Promise<Call> {
  const f = await seen(ws, (x) => x.type === 'call.ring' && (callId === undefined || callOf(x)?.id === callId), ms);
  return callOf(f)!;
}

export async function errorOf(ws: WsClient, code: string, ms?: number) {
  return seen(ws, (x) => x.type === 'error' && (x['error'] as { code: string }).code === code, ms);
}

/** Invites and waits for the reply (call.state with the clientId). */
export async function invite(ws: WsClient, conversationId: string, media: 'audio' | 'video' = 'video'): Promise<Call> {
  const clientId = `call-${Math.random().toString(36).slice(2)}`;
  ws.send({ type: 'call.invite', clientId, conversationId, media });
  const f = await seen(
    ws,
    (x) =>
      (x.type === 'call.state' && x['clientId'] === clientId) || (x.type === 'error' && x['clientId'] === clientId),
  );
  if (f.type === 'error') throw new Error(JSON.stringify(f['error']));
  return callOf(f)!;
}

/** The call summaries of the conversation's system messages, oldest first. */
export async function callMessages(base: string, u: TestUser, conversationId: string): Promise<CallSummary[]> {
  const r = await api(base, 'GET', `/v1/conversations/${conversationId}/messages?limit=100`, { token: u.token });
  return (r.body.messages as { system: { action: string; call?: CallSummary } | null }[])
    .filter((m) => m.system?.action === 'call')
    .map((m) => m.system!.call!);
}

/** Waits until the conversation has `n` call messages. */
export async function untilCallMessages(base: string, u: TestUser, conversationId: string, n: number, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = await callMessages(base, u, conversationId);
    if (got.length >= n) return got;
    if (Date.now() > deadline) throw new Error(`expected ${n} call messages, got ${JSON.stringify(got)}`);
    await pause(50);
  }
}
