// Editing in a secret chat, and reactions and edits sent as not urgent, end to end against a real
// server (SQLite, or PostgreSQL with ANYTIME_TEST_DB=postgres): alice and bob (two devices, one
// offline during the edit). Alice's reaction and edit reach the server marked `urgent: false` and
// do not raise bob's unread count; the edit replaces the text on every device (the offline one when
// it syncs), survives a restore from the key backup on a new device of bob's, and an "edit" of
// alice's message by bob (crafted past the SDK's own check) changes nothing anywhere.
import type { SecretPayload } from '@anytime/protocol';
import { describe, expect, it } from 'vitest';
import { PASSWORD, uniqueName, until } from '../test-support/harness.js';
import { secretClient, secretDevice, type SecretDevice as Dev } from '../test-support/secret-devices.js';
import { setUpServerWorld } from '../test-support/server-world.js';
import type { SecretMessage } from './secret-chats.js';

const world = setUpServerWorld();

const PASSPHRASE = 'bob backup passphrase';

const find = (d: Dev, conv: string, id: string) => d.client.secret.messages(conv).find((m) => m.id === id);

/** Bob's unread count of the chat, as the server computes it. */
async function unreadOf(d: Dev, conv: string): Promise<number> {
  const { states } = await d.client.api('listConversations', undefined);
  return states.find((s) => s.conversationId === conv)?.unreadCount ?? 0;
}

/** Sends a payload past SecretChats' own checks (what a modified client could send). */
function sendRaw(d: Dev, conv: string, payload: SecretPayload): Promise<SecretMessage> {
  const raw = d.client.secret as unknown as {
    sendPayload(c: string, p: SecretPayload, progress: { stored: boolean }): Promise<SecretMessage>;
  };
  return raw.sendPayload(conv, payload, { stored: false });
}

describe('secret chats: edits, and reactions and edits as not urgent', () => {
  it(
    'edits on every device (offline too, and after a restore); nobody else can; no unread for either',
    { timeout: 120_000 },
    async () => {
      const bobName = uniqueName('sebo');
      const alice = await secretDevice(world, uniqueName('seal'));
      const bob1 = await secretDevice(world, bobName);
      await bob1.client.backup.upload(PASSPHRASE, { alg: 'scrypt' });
      const bob2 = await secretDevice(world, bobName, { identityFrom: { passphrase: PASSPHRASE } });
      const all = [alice, bob1, bob2];
      const conv = (await alice.client.secret.create({ kind: 'direct', memberId: bob1.userId })).id;
      await until(
        () => all.every((d) => d.client.secret.leavesOf(conv).length === 3),
        45_000,
        'three leaves everywhere',
      );

      const typo = await alice.client.secret.send(conv, 'meet at the harbuor at 7');
      for (const d of all) await until(() => find(d, conv, typo.id) !== undefined, 30_000, 'everyone reading');
      expect(typo.editedAt).toBeNull();
      const unread = await unreadOf(bob1, conv);

      // A reaction: not urgent, and bob's unread count stays where it was.
      await alice.client.secret.react(conv, typo.id, '⚓');
      await until(() => find(bob1, conv, typo.id)?.reactions.length === 1, 30_000, 'the reaction');
      expect(await unreadOf(bob1, conv)).toBe(unread);

      // bob2 is offline (closed: no connection, no timers of its own) while alice edits.
      await until(() => find(bob2, conv, typo.id)?.reactions.length === 1, 30_000, 'the reaction on bob2');
      bob2.client.disconnect();
      bob2.client.secret.stop();
      await bob2.client.secret.idle();
      const bobSaw = bob1.client.secret.next('edited');
      await alice.client.secret.edit(conv, typo, 'meet at the harbour at 7');
      const seen = await bobSaw;
      expect(seen).toMatchObject({ conversationId: conv, messageId: typo.id, text: 'meet at the harbour at 7' });
      expect(await unreadOf(bob1, conv)).toBe(unread);
      for (const d of [alice, bob1]) {
        expect(find(d, conv, typo.id)).toMatchObject({ text: 'meet at the harbour at 7', editedAt: seen.editedAt });
      }
      expect(find(bob2, conv, typo.id)?.text).toBe('meet at the harbuor at 7');
      await bob2.client.connect();
      await bob2.client.secret.start();
      await until(
        () => find(bob2, conv, typo.id)?.text === 'meet at the harbour at 7',
        30_000,
        'bob2 applying the edit after syncing',
      );
      expect(find(bob2, conv, typo.id)?.editedAt).toBe(seen.editedAt);
      // The reaction stays; the edit and the reaction are not messages of their own.
      for (const d of all) {
        expect(d.client.secret.messages(conv).map((m) => m.text)).toEqual(['meet at the harbour at 7']);
        expect(find(d, conv, typo.id)?.reactions).toEqual([{ userId: alice.userId, emoji: '⚓' }]);
      }

      // The server saw the reaction and the edit as not urgent, the message as urgent.
      const { messages } = await bob1.client.api('listMlsMessages', {
        params: { id: conv },
        query: { afterSeq: typo.seq - 1, limit: 200 },
      });
      const apps = messages.filter((m) => m.kind === 'application');
      expect(apps.map((m) => m.urgent)).toEqual([undefined, false, false]);

      // Bob may not edit alice's message: the SDK refuses, and a crafted edit is ignored everywhere.
      await expect(bob1.client.secret.edit(conv, typo, 'meet at the pub')).rejects.toThrow(/only the sender/);
      await sendRaw(bob1, conv, { v: 1, text: '', edit: { messageId: typo.id, text: 'meet at the pub' } });
      const after = await bob1.client.secret.send(conv, 'see you there');
      for (const d of all) {
        await until(() => find(d, conv, after.id) !== undefined, 30_000, 'the next message everywhere');
        expect(find(d, conv, typo.id)).toMatchObject({ text: 'meet at the harbour at 7', editedAt: seen.editedAt });
      }

      // A new device of bob's, restored from the key backup, shows the edited text from the archive
      // (the crafted edit is archived too, and ignored there as well).
      await Promise.all(all.map((d) => d.client.history.flush()));
      const bob3 = secretClient(world);
      await bob3.login({ username: bobName, password: PASSWORD });
      await bob3.backup.restore(PASSPHRASE);
      const restored = bob3.history.messages(conv);
      expect(restored.map((m) => m.text)).toEqual(['meet at the harbour at 7', 'see you there']);
      expect(restored[0]).toMatchObject({ messageId: typo.id, editedAt: seen.editedAt });
      expect(restored[1]!.editedAt).toBeNull();
    },
  );
});
