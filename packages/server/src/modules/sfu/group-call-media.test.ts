// A group call's media end to end on a real server (this backend's database, the werift SFU that
// app.ts starts by default): the four-device scenario of test-support/group-call-scenario.ts.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestServer, testBackend, type TestServer } from '../../testing.js';
import { fourDeviceGroupCall } from '../../test-support/group-call-scenario.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { CALL_RING_SECONDS: '120' } });
});
const stops: (() => void)[] = [];
afterAll(async () => {
  for (const stop of stops) stop();
  await s?.close();
});

describe(`group call media through the SFU on ${testBackend()}`, () => {
  it('four devices exchange audio and video; late join, screen share and hang up', async () => {
    await fourDeviceGroupCall(s, stops);
  }, 400_000);
});
