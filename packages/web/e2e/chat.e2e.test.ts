// End to end in Debian's Chromium: people sign up in separate browser contexts, chat directly
// and in a group, and a message written offline goes out when the network returns.
import { describe, expect, it } from 'vitest';
import { SHOTS_DIR } from './app-server.js';
import { createGroup, expectInHistory, history, openChat, sendText, signUp } from './app-page.js';
import { uniqueName, setUpBrowserWorld } from './browser-world.js';

const world = setUpBrowserWorld();
const person = world.person;
const name = uniqueName;

describe('chatting in the browser', () => {
  it('two people chat directly, one goes offline, writes, and the message arrives when back', async () => {
    const { ann, bob, a } = await world.directChat([390, 844]);
    await sendText(ann, 'Hi Bob!');
    await expectInHistory(ann, 'Hi Bob!');
    await openChat(bob, a.toUpperCase());
    await expectInHistory(bob, 'Hi Bob!');
    await sendText(bob, 'Hello Ann');
    await expectInHistory(ann, 'Hello Ann');
    await ann.screenshot({ path: `${SHOTS_DIR}/chat-1280.png` });
    await bob.screenshot({ path: `${SHOTS_DIR}/chat-390.png` });

    await bob.context().setOffline(true);
    await sendText(bob, 'written offline');
    await expectInHistory(bob, 'written offline');
    // Not delivered while offline.
    await new Promise((r) => setTimeout(r, 500));
    expect(await history(ann).getByText('written offline').count()).toBe(0);
    await bob.context().setOffline(false);
    await expectInHistory(ann, 'written offline', 20_000);
  });

  it('a group of three', async () => {
    const pages = [await person(), await person(), await person(390, 844)];
    const names = [name('gia'), name('hal'), name('ivy')];
    for (let i = 0; i < 3; i++) await signUp(pages[i]!, world.server.url, names[i]!);
    await createGroup(pages[0]!, 'Trip planning', [names[1]!, names[2]!]);
    await sendText(pages[0]!, 'Where shall we go?');
    for (const p of pages.slice(1)) {
      await openChat(p, 'Trip planning');
      await expectInHistory(p, 'Where shall we go?');
    }
    await sendText(pages[1]!, 'The mountains');
    await sendText(pages[2]!, 'The sea');
    for (const p of pages) {
      await expectInHistory(p, 'The mountains');
      await expectInHistory(p, 'The sea');
    }
    await pages[2]!.screenshot({ path: `${SHOTS_DIR}/group-390.png` });
  });
});
