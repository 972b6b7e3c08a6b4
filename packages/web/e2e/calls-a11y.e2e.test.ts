// Accessibility of the call screens: axe-core finds no serious or critical violations on the
// incoming call (390 px), the ringing outgoing call, and the call itself with its menus open
// (1280 px and 390 px), and the bar of a call minimised to go back to the chats.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { strings } from '../src/strings.js';
import { startDirectChat } from './app-page.js';
import { SHOTS_DIR } from './app-server.js';
import { setUpBrowserWorld } from './browser-world.js';
import { answer, caller, callScreen, FAKE_MEDIA_ARGS, incomingDialog, pressControl, startCall } from './calls-page.js';

const world = setUpBrowserWorld(FAKE_MEDIA_ARGS);

async function scan(page: Page, screen: string): Promise<string[]> {
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: `${SHOTS_DIR}/${screen}-${width}.png` });
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen} @${width}px: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target).join(', ')}`);
}

describe('accessibility of the call screens', () => {
  it('has no serious or critical axe violations', async () => {
    const ann = await caller(world, 'ann');
    const bob = await caller(world, 'bob', [390, 844]);
    await startDirectChat(ann.page, bob.username);
    await startCall(ann.page, bob.name, 'video');
    await incomingDialog(bob.page).waitFor({ timeout: 20_000 });
    const problems = [...(await scan(bob.page, 'call-incoming')), ...(await scan(ann.page, 'call-ringing'))];
    await answer(bob.page, 'video');
    await ann.page.locator('section.call-screen[data-phase="active"]').waitFor({ timeout: 15_000 });
    for (const page of [ann.page, bob.page]) {
      await pressControl(page, strings.calls.quality);
      problems.push(...(await scan(page, 'call-quality')));
      await pressControl(page, strings.calls.effects);
      problems.push(...(await scan(page, 'call-effects')));
      await pressControl(page, strings.calls.devices);
      problems.push(...(await scan(page, 'call-devices')));
    }
    for (const page of [ann.page, bob.page]) {
      await page.getByRole('button', { name: strings.calls.minimise }).click();
      problems.push(...(await scan(page, 'call-bar')));
      await page.getByRole('button', { name: new RegExp(strings.calls.returnToCall) }).click();
    }
    await pressControl(ann.page, strings.calls.hangup);
    await callScreen(bob.page).waitFor({ state: 'detached', timeout: 15_000 });
    expect(problems).toEqual([]);
  }, 120_000);
});
