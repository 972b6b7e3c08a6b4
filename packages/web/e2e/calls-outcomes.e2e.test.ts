// The calls that do not happen, in the browser: declined, busy (the callee is in another call)
// and no answer (a short CALL_RING_SECONDS), each with the caller's outcome screen and the right
// line in both timelines.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { strings } from '../src/strings.js';
import { openChat, startDirectChat } from './app-page.js';
import { setUpBrowserWorld } from './browser-world.js';
import {
  answer,
  callLine,
  caller,
  callScreen,
  FAKE_MEDIA_ARGS,
  incomingDialog,
  pressControl,
  startCall,
} from './calls-page.js';

const RING_SECONDS = 8;
const world = setUpBrowserWorld(FAKE_MEDIA_ARGS, { CALL_RING_SECONDS: String(RING_SECONDS) });

const outcome = (page: Page) => page.locator('#call-outcome-text');

describe('calls that are not answered', () => {
  it('declined: the caller is told and both chats say so', async () => {
    const ann = await caller(world, 'ann');
    const bob = await caller(world, 'bob', [390, 844]);
    await startDirectChat(ann.page, bob.username);
    await startCall(ann.page, bob.name, 'audio');
    await incomingDialog(bob.page).waitFor({ timeout: 20_000 });
    await incomingDialog(bob.page).getByRole('button', { name: strings.calls.decline }).click();
    await outcome(ann.page).filter({ hasText: strings.calls.outcome.declined }).waitFor({ timeout: 15_000 });
    await expect(outcome(ann.page).getAttribute('data-reason')).resolves.toBe('declined');
    await expect(callLine(ann.page).textContent({ timeout: 15_000 })).resolves.toContain('Voice call · Declined');
    await openChat(bob.page, ann.name);
    await expect(callLine(bob.page).textContent({ timeout: 15_000 })).resolves.toContain('Declined voice call');
  });

  it('busy: calling someone who is in another call', async () => {
    const ann = await caller(world, 'ann');
    const bob = await caller(world, 'bob');
    const cat = await caller(world, 'cat', [390, 844]);
    await startDirectChat(ann.page, bob.username);
    await startCall(ann.page, bob.name, 'audio');
    await answer(bob.page, 'audio');
    await startDirectChat(cat.page, bob.username);
    await startCall(cat.page, bob.name, 'audio');
    await outcome(cat.page).filter({ hasText: strings.calls.outcome.busy }).waitFor({ timeout: 20_000 });
    // Bob's call goes on, and no second call rang him.
    expect(await incomingDialog(bob.page).count()).toBe(0);
    await expect(callScreen(bob.page).getAttribute('data-phase')).resolves.toBe('active');
    await expect(callLine(cat.page).textContent({ timeout: 15_000 })).resolves.toContain('Voice call · Busy');
    await pressControl(ann.page, strings.calls.hangup);
  });

  it('no answer: the ringing stops everywhere after CALL_RING_SECONDS', async () => {
    const ann = await caller(world, 'ann');
    const bob = await caller(world, 'bob', [390, 844]);
    await startDirectChat(ann.page, bob.username);
    await startCall(ann.page, bob.name, 'video');
    await incomingDialog(bob.page).waitFor({ timeout: 20_000 });
    const started = Date.now();
    await outcome(ann.page)
      .filter({ hasText: strings.calls.outcome.timeout })
      .waitFor({ timeout: (RING_SECONDS + 20) * 1000 });
    expect(Date.now() - started).toBeGreaterThan((RING_SECONDS - 2) * 1000);
    await incomingDialog(bob.page).waitFor({ state: 'detached', timeout: 15_000 });
    await expect(callLine(ann.page).textContent({ timeout: 15_000 })).resolves.toContain('Video call · No answer');
    await openChat(bob.page, ann.name);
    await expect(callLine(bob.page).textContent({ timeout: 15_000 })).resolves.toContain('Missed video call');
  });
});
