// Unread counts of a secret chat in the SDK's state, end to end against a real server (SQLite, or
// PostgreSQL with ANYTIME_TEST_DB=postgres): alice writes to bob, who has two devices (the second
// without keys: the reducer reads only the envelopes). Bob's devices count alice's messages from
// the live mls.message events, not her reaction, and agree with the server's count and with a
// fresh fetch, and report them delivered; a message alice deletes for everyone stops counting; a
// read on one of bob's devices clears the count on the other and shows alice how far bob read.
import type { ConversationState } from '@anytime/protocol';
import { describe, expect, it } from 'vitest';
import { loadState } from '../state/load-state.js';
import { uniqueName, until } from '../test-support/harness.js';
import { secretDevice, type SecretDevice as Dev } from '../test-support/secret-devices.js';
import { setUpServerWorld } from '../test-support/server-world.js';

const world = setUpServerWorld();

const local = (d: Dev, conv: string) => d.client.state.conversationStates[conv]?.unreadCount ?? 0;

/** The state as the server has it now (GET /v1/conversations). */
async function server(d: Dev, conv: string): Promise<ConversationState | undefined> {
  const { states } = await d.client.api('listConversations', undefined);
  return states.find((s) => s.conversationId === conv);
}

/** Waits until each device's count is `n` and equals the server's, and its state equals a fresh fetch. */
async function expectUnread(devs: Dev[], conv: string, n: number, what: string) {
  for (const d of devs) {
    await until(() => local(d, conv) === n, 30_000, `${what}: ${n} unread`);
    expect((await server(d, conv))?.unreadCount).toBe(n);
    const fetched = await loadState(d.client.call);
    expect(d.client.state.conversationStates[conv]).toEqual(fetched.conversationStates[conv]);
    expect(d.client.state.conversations[conv]).toEqual(fetched.conversations[conv]);
  }
}

describe('secret chats: unread counts in the SDK state', () => {
  it(
    'counts live, drops a deleted message, and a read on one device clears the others',
    { timeout: 120_000 },
    async () => {
      const bobName = uniqueName('subo');
      const alice = await secretDevice(world, uniqueName('sual'));
      const bob1 = await secretDevice(world, bobName);
      const bob2 = await secretDevice(world, bobName, { secret: false, another: true });
      const bobs = [bob1, bob2];
      const conv = (await alice.client.secret.create({ kind: 'direct', memberId: bob1.userId })).id;
      await until(
        () => [alice, bob1].every((d) => d.client.secret.leavesOf(conv).length === 2),
        45_000,
        'two leaves on both',
      );
      // Commits (the add, bob's update after joining) are no messages.
      await expectUnread(bobs, conv, 0, 'after the group is made');

      const one = await alice.client.secret.send(conv, 'one');
      const two = await alice.client.secret.send(conv, 'two');
      await alice.client.secret.react(conv, one.id, '👍');
      await until(
        () => bob1.client.secret.messages(conv).find((m) => m.id === one.id)?.reactions.length === 1,
        30_000,
        'the reaction on bob1',
      );
      await expectUnread(bobs, conv, 2, 'two messages and a reaction');
      // Bob's devices report them delivered, as cloud messages: alice sees it.
      const bobOnAlice = () => alice.client.state.receipts[conv]?.[bob1.userId];
      await until(() => (bobOnAlice()?.deliveredSeq ?? 0) >= two.seq, 30_000, 'delivered to bob');
      expect(bobOnAlice()?.readSeq ?? 0).toBe(0);
      // Her own messages are not unread for her.
      expect(local(alice, conv)).toBe(0);
      expect((await server(alice, conv))?.unreadCount).toBe(0);

      await alice.client.secret.deleteForEveryone(conv, two.id);
      await expectUnread(bobs, conv, 1, 'one deleted');

      // bob1 reads up to the conversation's latest change (as the web app does when it opens the chat).
      const lastSeq = bob1.client.state.conversations[conv]!.lastSeq;
      expect(lastSeq).toBeGreaterThan(two.seq);
      await bob1.client.markRead(conv, lastSeq);
      await expectUnread(bobs, conv, 0, 'read on bob1');
      expect(bob2.client.state.conversationStates[conv]!.readSeq).toBe(lastSeq);
      // Alice learns how far bob read: up to her latest urgent message still there.
      await until(() => bobOnAlice()?.readSeq === one.seq, 30_000, 'read by bob');

      const three = await alice.client.secret.send(conv, 'three');
      await until(() => bob2.client.state.conversations[conv]!.lastSeq >= three.seq, 30_000, 'three on bob2');
      await expectUnread(bobs, conv, 1, 'a new message');
    },
  );
});
