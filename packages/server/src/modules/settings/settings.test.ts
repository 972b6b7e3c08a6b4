import { DEFAULT_SETTINGS } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, loginUser, registerUser, WsClient } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe('settings', () => {
  it('start at the defaults, change partly, and reach every device of the user', async () => {
    const a = await registerUser(s.url);
    const a2 = await loginUser(s.url, a);
    const other = await registerUser(s.url);
    expect((await api(s.url, 'GET', '/v1/me/settings', { token: a.token })).body).toEqual({
      settings: DEFAULT_SETTINGS,
    });
    const ws2 = await WsClient.connect(s.url, a2.token);
    const wsOther = await WsClient.connect(s.url, other.token);
    const r = await api(s.url, 'PATCH', '/v1/me/settings', { token: a.token, body: { readReceipts: false } });
    expect(r.status).toBe(200);
    expect(r.body.settings).toEqual({ ...DEFAULT_SETTINGS, readReceipts: false });
    const ev = await ws2.next((f) => f.type === 'settings.updated');
    expect(ev['settings']).toEqual(r.body.settings);
    await api(s.url, 'PATCH', '/v1/me/settings', { token: a.token, body: { lastSeen: 'nobody' } });
    expect((await api(s.url, 'GET', '/v1/me/settings', { token: a2.token })).body.settings).toEqual({
      readReceipts: false,
      lastSeen: 'nobody',
      notificationPreviews: true,
    });
    // Settings are private: nothing reaches another user.
    await new Promise((r) => setTimeout(r, 100));
    expect(wsOther.events('settings.updated')).toEqual([]);
    ws2.close();
    wsOther.close();
  });

  it('refuses an empty change and unknown values, changing nothing', async () => {
    const a = await registerUser(s.url);
    for (const body of [{}, { lastSeen: 'friends' }, { readReceipts: 'no' }, { theme: 'dark' }]) {
      const r = await api(s.url, 'PATCH', '/v1/me/settings', { token: a.token, body });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
    }
    expect((await api(s.url, 'GET', '/v1/me/settings', { token: a.token })).body.settings).toEqual(DEFAULT_SETTINGS);
  });
});
