// Operator endpoints: readiness follows the database, the broker and shutdown; /metrics shows
// real counts from this server, and is closed without the token when one is configured.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.js';
import { api, direct, registerUser, send, WsClient } from '../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { METRICS_TOKEN: 'metrics-token-for-tests' } });
});
afterAll(() => s?.close());

async function metrics(token = 'metrics-token-for-tests'): Promise<{ status: number; text: string }> {
  const res = await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, text: await res.text() };
}

/** The value of one sample line, e.g. `anytime_ws_connections{node="x"} 2`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('operator endpoints', () => {
  it('/readyz answers ready with its checks', async () => {
    const r = await api(s.url, 'GET', '/readyz');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ready', node: expect.any(String), checks: { database: 'ok', broker: 'ok' } });
  });

  it('/metrics counts sockets, messages and delivery latency, with runtime metrics', async () => {
    const before = await metrics();
    expect(before.status).toBe(200);
    const sentBefore = sample(before.text, 'anytime_events_total', { type: 'message.created' }) ?? 0;
    const a = await registerUser(s.url);
    const b = await registerUser(s.url);
    const conv = await direct(s.url, a, b);
    const wa = await WsClient.connect(s.url, a.token);
    const wb = await WsClient.connect(s.url, b.token);
    for (let i = 0; i < 3; i++) expect((await send(s.url, a, conv, `m${i}`)).status).toBe(201);
    await wb.next((f) => f.type === 'message.created' && (f as { message: { text: string } }).message.text === 'm2');
    const after = await metrics();
    expect(sample(after.text, 'anytime_ws_connections')).toBe(2);
    expect(sample(after.text, 'anytime_ws_users')).toBe(2);
    expect(sample(after.text, 'anytime_events_total', { type: 'message.created' })).toBe(sentBefore + 3);
    expect(sample(after.text, 'anytime_event_delivery_seconds_count')).toBeGreaterThanOrEqual(3 + 1);
    expect(sample(after.text, 'anytime_broker_connected')).toBe(1);
    expect(after.text).toMatch(/^nodejs_eventloop_lag_p99_seconds\{/m);
    expect(after.text).toMatch(/^anytime_database\{.*stat="/m);
    wa.close();
    wb.close();
  });

  it('/metrics refuses a missing or wrong token', async () => {
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
    expect((await metrics('wrong-token-wrong-token')).status).toBe(401);
  });
});
