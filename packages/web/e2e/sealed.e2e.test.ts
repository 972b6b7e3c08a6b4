// End to end in Debian's Chromium: Ann sends Bob a view-once sealed message in their chat. The
// chat list says only "Sealed message"; Bob reveals it with an explicit tap and reads the secret;
// Ann's reveal log shows Bob's opening; after Bob closes it, the secret is gone for him.
import { describe, expect, it } from 'vitest';
import { strings } from '../src/strings.js';
import { SHOTS_DIR } from './app-server.js';
import { history, openChat } from './app-page.js';
import { setUpBrowserWorld } from './browser-world.js';
import { axeProblems, keysReady, sendSealed } from './secret-page.js';

const world = setUpBrowserWorld();
const SECRET = 'IBAN DE89 3704 0044 0532 0130 00';

describe('sealed messages in the browser', () => {
  it('a view-once secret is revealed on a tap, logged for the sender, and gone after closing', async () => {
    const { ann, bob, a, b } = await world.directChat([390, 844]);
    await keysReady(ann);
    await keysReady(bob);
    await sendSealed(ann, SECRET, true);

    // Ann's own bubble is sealed too, with the reveal log (empty so far).
    const annBubble = history(ann).locator('.sealed-bubble').first();
    await annBubble.waitFor({ timeout: 30_000 });
    await annBubble.getByRole('button', { name: strings.sealed.log }).click();
    await annBubble.getByText(strings.sealed.logEmpty).waitFor({ timeout: 20_000 });
    expect(await ann.getByText(SECRET).count()).toBe(0);

    // Bob: the chat list preview and the bubble never show the secret until he taps.
    const row = bob
      .getByRole('navigation', { name: strings.conversations.listLabel })
      .getByRole('listitem')
      .filter({ hasText: a.toUpperCase() });
    await row.getByText(strings.sealed.preview).waitFor({ timeout: 30_000 });
    await openChat(bob, a.toUpperCase());
    const reveal = history(bob).getByRole('button', { name: strings.sealed.reveal });
    await reveal.waitFor({ timeout: 30_000 });
    expect(await bob.getByText(SECRET).count()).toBe(0);
    await reveal.click();
    await history(bob).getByText(SECRET).waitFor({ timeout: 30_000 });
    await bob.screenshot({ path: `${SHOTS_DIR}/sealed-revealed-390.png` });
    expect(await axeProblems(bob, 'sealed-revealed', '.sealed-bubble')).toEqual([]);

    // Ann's reveal log updates with Bob's opening (a sealed.revealed event).
    await annBubble.getByRole('list', { name: strings.sealed.log }).getByText(new RegExp(b.toUpperCase())).waitFor({
      timeout: 30_000,
    });
    await ann.screenshot({ path: `${SHOTS_DIR}/sealed-log-1280.png` });

    // Closing a view-once secret: gone, and it cannot be revealed again.
    await history(bob).getByRole('button', { name: strings.sealed.close }).click();
    await history(bob).getByText(strings.sealed.opened).waitFor({ timeout: 20_000 });
    expect(await bob.getByText(SECRET).count()).toBe(0);
    expect(await history(bob).getByRole('button', { name: strings.sealed.reveal }).count()).toBe(0);
  });
});
