// A 4-person video call in Chromium, run against each SFU (calls-group.e2e.test.ts: werift,
// calls-group-janus.e2e.test.ts: Janus): everyone joins from the group chat, each page receives
// the other three videos with bytes growing and shows four tiles; raising a hand shows on the
// others' tiles; everyone hangs up.
import { expect, it } from 'vitest';
import { strings } from '../src/strings.js';
import { SHOTS_DIR } from './app-server.js';
import type { BrowserWorld } from './browser-world.js';
import { callScreen, caller, expectVideoStreams, groupVideoCall, pressControl } from './calls-page.js';

/** Registers the test; `shots`: the screenshot name prefix (call-group, call-group-janus). */
export function fourPersonGroupCall(world: BrowserWorld, shots: string): void {
  it('four people see and hear each other', async () => {
    const people = [
      await caller(world, 'gia'),
      await caller(world, 'hal'),
      await caller(world, 'ivy'),
      await caller(world, 'jon', [390, 844]),
    ];
    await groupVideoCall(people, `Call group ${Date.now().toString(36)}`);
    for (const p of people) {
      await p.page.locator('.call-grid .call-tile').nth(3).waitFor({ timeout: 30_000 });
      await expectVideoStreams(p.page, 3, 90_000);
      expect(await p.page.locator('.call-grid .call-tile:not([data-screen])').count()).toBe(4);
    }
    await people[0]!.page.screenshot({ path: `${SHOTS_DIR}/${shots}-1280.png` });
    await people[3]!.page.screenshot({ path: `${SHOTS_DIR}/${shots}-390.png` });

    await pressControl(people[1]!.page, strings.calls.raiseHand);
    for (const p of [people[0]!, people[2]!, people[3]!]) {
      await p.page.locator('.call-tile[data-hand-raised]').waitFor({ timeout: 15_000 });
    }
    for (const p of people) await pressControl(p.page, strings.calls.hangup);
    for (const p of people) await callScreen(p.page).waitFor({ state: 'detached', timeout: 15_000 });
  }, 300_000);
}
