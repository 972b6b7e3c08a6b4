// A 4-person video call through Janus (CALLS_SFU=janus, a Janus started by the test) in Chromium:
// the scenario of calls-group-suite.ts. Each browser has two connections to Janus (publish and
// receive); the app is the same (the SDK's SfuCallSession hides the difference).
import { afterAll, beforeAll, describe } from 'vitest';
import { startJanus, type TestJanus } from '@anytime/server';
import { setUpBrowserWorld } from './browser-world.js';
import { FAKE_MEDIA_ARGS } from './calls-page.js';
import { fourPersonGroupCall } from './calls-group-suite.js';

let janus: TestJanus | undefined;
beforeAll(async () => {
  janus = await startJanus();
});
afterAll(async () => {
  await janus?.stop();
});

const world = setUpBrowserWorld(FAKE_MEDIA_ARGS, () => janus!.env);

describe('group calls through Janus', () => {
  fourPersonGroupCall(world, 'call-group-janus');
});
