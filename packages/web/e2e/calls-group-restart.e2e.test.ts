// A network change in a group call (werift SFU) in Chromium: three people in a video call; one
// page fires the browser's `online` event, its session asks the SFU for an ICE restart, the SFU
// re-offers with new credentials. Its connection's ICE ufrags change on both ends, and video keeps
// arriving on every page (each receives the two others) and leaving the restarted one.
import { expect, it, describe } from 'vitest';
import { setUpBrowserWorld } from './browser-world.js';
import {
  callScreen,
  caller,
  expectVideoStreams,
  FAKE_MEDIA_ARGS,
  groupVideoCall,
  outboundBytes,
  pressControl,
  ufrags,
  untilUfragsChange,
} from './calls-page.js';
import { strings } from '../src/strings.js';

const world = setUpBrowserWorld(FAKE_MEDIA_ARGS);

describe('group calls across a network change', () => {
  it('the online event restarts ICE with the SFU and video keeps flowing on every page', async () => {
    const people = [await caller(world, 'kim'), await caller(world, 'lou'), await caller(world, 'max')];
    await groupVideoCall(people, `Restart group ${Date.now().toString(36)}`);
    for (const p of people) await expectVideoStreams(p.page, 2, 60_000);

    // Lou's network changes: the browser fires `online`, the session restarts ICE with the SFU.
    const lou = people[1]!.page;
    const before = await ufrags(lou);
    expect(before.local && before.remote).toBeTruthy();
    await lou.evaluate(() => window.dispatchEvent(new Event('online')));
    await untilUfragsChange(lou, before);
    // From here on the media goes over the restarted connection: Lou receives both others, they
    // receive Lou (two growing videos each), and Lou's outbound bytes grow.
    const sent = await outboundBytes(lou);
    for (const p of people) await expectVideoStreams(p.page, 2, 30_000);
    const sentAfter = await outboundBytes(lou);
    expect(sentAfter.video).toBeGreaterThan(sent.video);
    expect(sentAfter.audio).toBeGreaterThan(sent.audio);

    for (const p of people) await pressControl(p.page, strings.calls.hangup);
    for (const p of people) await callScreen(p.page).waitFor({ state: 'detached', timeout: 15_000 });
  }, 180_000);
});
