// TURN with a real coturn (Debian's turnserver, started by the test on free ports with the TURN
// REST API shared secret): the credentials GET /v1/calls/ice-servers hands out allocate relays
// that carry traffic (turnutils_uclient, client to client through the relay); a wrong or expired
// credential is refused. Without TURN configured only the STUN URLs (or nothing) come back, and
// TURN_URLS without TURN_SECRET is a configuration error.
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { startTestServer, TEST_ENV, type TestServer } from '../../testing.js';
import { startCoturn, type Coturn } from '../../test-coturn.js';
import { api, registerUser } from '../../test-support/harness.js';
import { iceServersFor, turnCredentials } from './ice-servers.js';

let turn: Coturn;
let s: TestServer;
beforeAll(async () => {
  turn = await startCoturn();
  s = await startTestServer({ env: { ...turn.env, TURN_TTL_SECONDS: '600' } });
}, 60_000);
afterAll(async () => {
  await s?.close();
  await turn?.close();
});

/** turnutils_uclient: two clients allocate relays and exchange messages through them. */
function uclient(username: string, credential: string): Promise<{ ok: boolean; received: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/turnutils_uclient',
      ['-y', '-n', '5', '-X', '-p', String(turn.port), '-u', username, '-w', credential, '127.0.0.1'],
      { timeout: 30_000 },
      (err, stdout, stderr) => {
        const out = `${stdout}\n${stderr}`;
        // The last progress line has the totals.
        const counts = [...out.matchAll(/tot_recv_msgs=(\d+)/g)].map((m) => Number(m[1]));
        const received = counts.at(-1) ?? 0;
        resolve({ ok: err === null, received, out });
      },
    );
  });
}

describe('TURN credentials with coturn', () => {
  it('allocate a relay that carries traffic; wrong and expired credentials are refused', async () => {
    const u = await registerUser(s.url);
    const t0 = Math.floor(Date.now() / 1000);
    const r = await api(s.url, 'GET', '/v1/calls/ice-servers', { token: u.token });
    expect(r.status).toBe(200);
    expect(r.body.ttlSeconds).toBe(600);
    const [stun, relay] = r.body.iceServers as { urls: string[]; username?: string; credential?: string }[];
    expect(stun).toEqual({ urls: [`stun:127.0.0.1:${turn.port}`] });
    expect(relay!.urls).toEqual([turn.url, `turn:127.0.0.1:${turn.port}?transport=tcp`]);
    const [expiry, userId] = relay!.username!.split(':');
    expect(userId).toBe(u.user.id);
    expect(Number(expiry)).toBeGreaterThanOrEqual(t0 + 600);
    expect(Number(expiry)).toBeLessThanOrEqual(t0 + 602);
    expect(relay!.credential).toBe(createHmac('sha1', turn.secret).update(relay!.username!).digest('base64'));

    const good = await uclient(relay!.username!, relay!.credential!);
    expect(good.ok, good.out).toBe(true);
    expect(good.received).toBeGreaterThan(0);

    const wrong = await uclient(relay!.username!, 'not-the-credential');
    expect(wrong.ok).toBe(false);
    expect(wrong.received).toBe(0);

    const expired = turnCredentials(turn.secret, u.user.id, -60);
    const late = await uclient(expired.username, expired.credential);
    expect(late.ok).toBe(false);
    expect(late.received).toBe(0);

    // Signed with another secret: refused too.
    const forged = turnCredentials('another-secret-of-enough-length', u.user.id, 600);
    expect((await uclient(forged.username, forged.credential)).ok).toBe(false);

    // Only for signed-in users.
    expect((await api(s.url, 'GET', '/v1/calls/ice-servers')).status).toBe(401);
  }, 120_000);
});

describe('ICE servers without TURN', () => {
  const base = { TURN_TTL_SECONDS: 3600, STUN_URLS: undefined, TURN_URLS: undefined, TURN_SECRET: undefined };
  it('are empty with nothing configured (host candidates on one machine), or STUN only', () => {
    expect(iceServersFor(base, 'u1')).toEqual({ iceServers: [], ttlSeconds: 3600 });
    expect(iceServersFor({ ...base, STUN_URLS: 'stun:a.example:3478, stun:b.example:3478' }, 'u1')).toEqual({
      iceServers: [{ urls: ['stun:a.example:3478', 'stun:b.example:3478'] }],
      ttlSeconds: 3600,
    });
  });

  it('refuses TURN_URLS without TURN_SECRET, and malformed URLs', () => {
    expect(() => loadConfig({ ...TEST_ENV, TURN_URLS: 'turn:t.example:3478' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...TEST_ENV, TURN_URLS: 'http://x', TURN_SECRET: 'x'.repeat(16) })).toThrow(/TURN_URLS/);
    expect(() => loadConfig({ ...TEST_ENV, STUN_URLS: 'turn:x' })).toThrow(/STUN_URLS/);
    expect(() => loadConfig({ ...TEST_ENV, TURN_URLS: 'turns:t.example:5349', TURN_SECRET: 'short' })).toThrow(
      /TURN_SECRET/,
    );
    const ok = loadConfig({
      ...TEST_ENV,
      TURN_URLS: 'turns:t.example:5349?transport=tcp',
      TURN_SECRET: 'x'.repeat(32),
    });
    expect(ok.TURN_TTL_SECONDS).toBe(3600);
    expect(ok.CALL_RING_SECONDS).toBe(45);
    expect(ok.CALL_RECONNECT_SECONDS).toBe(20);
  });
});
