// A 4-person video call through the server's default SFU (werift, in-process) in Chromium: the
// scenario of calls-group-suite.ts.
import { describe } from 'vitest';
import { setUpBrowserWorld } from './browser-world.js';
import { FAKE_MEDIA_ARGS } from './calls-page.js';
import { fourPersonGroupCall } from './calls-group-suite.js';

const world = setUpBrowserWorld(FAKE_MEDIA_ARGS);

describe('group calls through the SFU', () => {
  fourPersonGroupCall(world, 'call-group');
});
