// 1:1 calls across network trouble, in Debian's Chromium with fake devices through the real server.
// A network change (the browser's `online` event, which the app answers with an ICE restart, on
// the caller; a direct pc.restartIce() on the callee, the polite side) renegotiates new ICE
// credentials on both sides and audio and video keep arriving both ways afterwards. A call whose
// media can never connect (relay-only ICE with no TURN server: no candidates at all) ends as
// 'failed' after CALL_CONNECT_SECONDS: both people see "Call failed" with "Call back", and both
// chats say "Video call · Failed".
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { strings } from '../src/strings.js';
import { openChat, startDirectChat } from './app-page.js';
import { SHOTS_DIR } from './app-server.js';
import { setUpBrowserWorld } from './browser-world.js';
import {
  answer,
  callLine,
  caller,
  callScreen,
  expectMediaFlowing,
  FAKE_MEDIA_ARGS,
  incomingDialog,
  startCall,
  ufrags,
  untilUfragsChange,
} from './calls-page.js';

const CONNECT_SECONDS = 8;
const world = setUpBrowserWorld(FAKE_MEDIA_ARGS, { CALL_CONNECT_SECONDS: String(CONNECT_SECONDS) });

describe('1:1 calls across network trouble', () => {
  it('a network change restarts ICE on both sides and media keeps flowing both ways', async () => {
    const ann = await caller(world, 'ann');
    const bob = await caller(world, 'bob', [390, 844]);
    await startDirectChat(ann.page, bob.username);
    await startCall(ann.page, bob.name, 'video');
    await answer(bob.page, 'video');
    await ann.page.locator('section.call-screen[data-phase="active"]').waitFor({ timeout: 15_000 });
    await expectMediaFlowing(ann.page);
    await expectMediaFlowing(bob.page);

    // Ann's network changes: the browser fires `online`, the app restarts ICE.
    const annBefore = await ufrags(ann.page);
    const bobBefore = await ufrags(bob.page);
    await ann.page.evaluate(() => window.dispatchEvent(new Event('online')));
    const annAfter = await untilUfragsChange(ann.page, annBefore);
    const bobAfter = await untilUfragsChange(bob.page, bobBefore);
    expect(bobAfter.remote).toBe(annAfter.local);
    await expectMediaFlowing(ann.page);
    await expectMediaFlowing(bob.page);

    // Bob's side restarts ICE itself (the polite side offers this time).
    await bob.page.evaluate(() => (window.__pcs ?? []).find((p) => p.connectionState !== 'closed')?.restartIce());
    const bobAgain = await untilUfragsChange(bob.page, bobAfter);
    await untilUfragsChange(ann.page, annAfter);
    expect((await ufrags(ann.page)).remote).toBe(bobAgain.local);
    await expectMediaFlowing(ann.page);
    await expectMediaFlowing(bob.page);
    await expect(callScreen(ann.page).getAttribute('data-phase')).resolves.toBe('active');

    await callScreen(ann.page).getByRole('button', { name: strings.calls.hangup, exact: true }).click();
    await callScreen(bob.page).waitFor({ state: 'detached', timeout: 15_000 });
    await expect(callLine(ann.page).textContent({ timeout: 15_000 })).resolves.toMatch(/Video call · \d+:\d\d/);
  });

  it('a call whose media never connects ends as failed, with "Call back", on both sides', async () => {
    // Relay-only ICE and no TURN server: neither browser has a candidate to connect with.
    const ann = await caller(world, 'ann', [1280, 800], true);
    const bob = await caller(world, 'bob', [390, 844], true);
    await startDirectChat(ann.page, bob.username);
    await startCall(ann.page, bob.name, 'video');
    await answer(bob.page, 'video');
    const outcome = (page: Page) => page.locator('#call-outcome-text[data-reason="failed"]');
    for (const p of [ann.page, bob.page]) {
      await outcome(p)
        .filter({ hasText: strings.calls.outcome.failed })
        .waitFor({ timeout: (CONNECT_SECONDS + 25) * 1000 });
    }
    await bob.page.screenshot({ path: `${SHOTS_DIR}/call-failed-390.png` });
    await expect(callScreen(ann.page).count()).resolves.toBe(0);
    await expect(callLine(ann.page).textContent({ timeout: 15_000 })).resolves.toContain('Video call · Failed');
    // "Call back" starts a new call from the outcome screen: it rings Ann, who declines.
    await bob.page.getByRole('button', { name: strings.calls.callBack }).click();
    await callScreen(bob.page).waitFor({ timeout: 15_000 });
    await incomingDialog(ann.page).waitFor({ timeout: 20_000 });
    await incomingDialog(ann.page).getByRole('button', { name: strings.calls.decline }).click();
    await openChat(bob.page, ann.name);
    await bob.page.locator('.call-message .text', { hasText: 'Video call · Failed' }).waitFor({ timeout: 15_000 });
    await expect(callLine(bob.page).textContent({ timeout: 15_000 })).resolves.toContain('Video call · Declined');
  });
});
