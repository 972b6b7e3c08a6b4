// A call through TURN only, in Chromium: a coturn started by the test (ephemeral credentials from
// the server's TURN REST secret), both pages forced to iceTransportPolicy "relay" (as on a network
// that lets nothing else through); media flows both ways over the relay and the quality panel
// says the path is relayed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoturn, type Coturn } from '@anytime/server';
import { strings } from '../src/strings.js';
import { startDirectChat } from './app-page.js';
import { setUpBrowserWorld } from './browser-world.js';
import { answer, caller, expectMediaFlowing, FAKE_MEDIA_ARGS, pressControl, startCall } from './calls-page.js';

let coturn: Coturn | undefined;
beforeAll(async () => {
  coturn = await startCoturn();
});
afterAll(async () => {
  await coturn?.close();
});
// The server hands out the coturn started above (this hook runs after the one before).
const world = setUpBrowserWorld(FAKE_MEDIA_ARGS, () => coturn!.env);

describe('calls through TURN', () => {
  it('connects relay-only through coturn', async () => {
    const ann = await caller(world, 'ann', [1280, 800], true);
    const bob = await caller(world, 'bob', [390, 844], true);
    await startDirectChat(ann.page, bob.username);
    await startCall(ann.page, bob.name, 'video');
    await answer(bob.page, 'video');
    for (const p of [ann.page, bob.page]) {
      const stats = await expectMediaFlowing(p, 5_000, 45_000).catch((e: unknown) => {
        throw new Error(`${String(e)}\ncoturn log:\n${coturn!.log().slice(-3000)}`);
      });
      expect(stats.candidateTypes).toEqual(['relay']);
    }
    await pressControl(bob.page, strings.calls.quality);
    await bob.page
      .locator('.call-quality [data-stat="path"] dd')
      .filter({ hasText: strings.calls.stats.candidate('relay') })
      .waitFor({ timeout: 15_000 });
    await pressControl(ann.page, strings.calls.hangup);
  }, 120_000);
});
