// A 4-person video call through the server's SFU in Chromium: everyone joins from the group chat,
// each page receives the other three videos with bytes growing and shows four tiles; raising a
// hand shows on the others' tiles.
import { describe, expect, it } from 'vitest';
import { strings } from '../src/strings.js';
import { createGroup, openChat } from './app-page.js';
import { SHOTS_DIR } from './app-server.js';
import { setUpBrowserWorld } from './browser-world.js';
import {
  answer,
  callScreen,
  caller,
  expectVideoStreams,
  FAKE_MEDIA_ARGS,
  pressControl,
  startCall,
} from './calls-page.js';

const world = setUpBrowserWorld(FAKE_MEDIA_ARGS);

describe('group calls through the SFU', () => {
  it('four people see and hear each other', async () => {
    const people = [
      await caller(world, 'gia'),
      await caller(world, 'hal'),
      await caller(world, 'ivy'),
      await caller(world, 'jon', [390, 844]),
    ];
    const title = `Call group ${Date.now().toString(36)}`;
    await createGroup(
      people[0]!.page,
      title,
      people.slice(1).map((p) => p.username),
    );
    for (const p of people.slice(1)) await openChat(p.page, title);
    await startCall(people[0]!.page, title, 'video');
    for (const p of people.slice(1)) await answer(p.page, 'video', 30_000);
    for (const p of people) {
      await p.page.locator('.call-grid .call-tile').nth(3).waitFor({ timeout: 30_000 });
      await expectVideoStreams(p.page, 3, 90_000);
      expect(await p.page.locator('.call-grid .call-tile:not([data-screen])').count()).toBe(4);
    }
    await people[0]!.page.screenshot({ path: `${SHOTS_DIR}/call-group-1280.png` });
    await people[3]!.page.screenshot({ path: `${SHOTS_DIR}/call-group-390.png` });

    await pressControl(people[1]!.page, strings.calls.raiseHand);
    for (const p of [people[0]!, people[2]!, people[3]!]) {
      await p.page.locator('.call-tile[data-hand-raised]').waitFor({ timeout: 15_000 });
    }
    for (const p of people) await pressControl(p.page, strings.calls.hangup);
    for (const p of people) await callScreen(p.page).waitFor({ state: 'detached', timeout: 15_000 });
  }, 300_000);
});
