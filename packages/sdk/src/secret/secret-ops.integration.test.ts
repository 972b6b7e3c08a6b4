// Deleting, replying and reacting in a secret chat end to end, against a real server (SQLite, or
// PostgreSQL with ANYTIME_TEST_DB=postgres): alice and bob (two devices, one of them offline at the
// time). A reply carries its quote and a reaction lands on its target on every device, all inside
// the ciphertext; alice deletes her photo message for everyone: the online devices drop it at
// once, the offline one when it syncs, the encrypted photo is gone from the server (404) and from
// alice's history archive. Bob may not delete alice's message; his "delete for me" stays his.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error.js';
import { uniqueName, until } from '../test-support/harness.js';
import { secretDevice, type SecretDevice as Dev } from '../test-support/secret-devices.js';
import { setUpServerWorld } from '../test-support/server-world.js';

const world = setUpServerWorld();

const ids = (d: Dev, conv: string) => d.client.secret.messages(conv).map((m) => m.id);
const find = (d: Dev, conv: string, id: string) => d.client.secret.messages(conv).find((m) => m.id === id);

describe('secret chats: delete, reply, react', () => {
  it(
    'deletes for everyone (online and syncing later, with the attachment), replies, reacts',
    { timeout: 120_000 },
    async () => {
      const name = uniqueName('sobo');
      const alice = await secretDevice(world, uniqueName('soal'));
      const bob1 = await secretDevice(world, name);
      const bob2 = await secretDevice(world, name, { identityFrom: bob1 });
      const all = [alice, bob1, bob2];
      const conv = (await alice.client.secret.create({ kind: 'direct', memberId: bob1.userId })).id;
      await until(
        () => all.every((d) => d.client.secret.leavesOf(conv).length === 3),
        45_000,
        'three leaves everywhere',
      );

      const photo = crypto.getRandomValues(new Uint8Array(5_000));
      const sent = await alice.client.secret.send(conv, 'look at this', [
        { data: photo, kind: 'image', contentType: 'image/png', width: 10, height: 10 },
      ]);
      const keep = await alice.client.secret.send(conv, 'and this stays');
      for (const d of all) await until(() => ids(d, conv).includes(keep.id), 30_000, 'everyone reading');
      expect(await bob2.client.secret.openAttachment(conv, find(bob2, conv, sent.id)!.attachments[0]!)).toEqual(photo);

      // A reply quotes its target; a reaction lands on it (and replaces the same user's earlier one).
      const reply = await bob1.client.secret.send(conv, 'nice!', [], { replyTo: keep });
      expect(reply.replyTo).toEqual({ messageId: keep.id, senderId: alice.userId, text: 'and this stays' });
      await bob1.client.secret.react(conv, keep.id, '👍');
      await alice.client.secret.react(conv, keep.id, '😂');
      await bob2.client.secret.react(conv, keep.id, '❤️');
      for (const d of all) {
        await until(
          () =>
            JSON.stringify(find(d, conv, keep.id)?.reactions) ===
            JSON.stringify([
              { userId: bob1.userId, emoji: '❤️' },
              { userId: alice.userId, emoji: '😂' },
            ]),
          30_000,
          'reactions everywhere',
        );
        await until(() => find(d, conv, reply.id)?.replyTo?.messageId === keep.id, 30_000, 'the reply everywhere');
        // Reactions are not messages of their own.
        expect(d.client.secret.messages(conv).map((m) => m.text)).toEqual(['look at this', 'and this stays', 'nice!']);
      }
      await alice.client.secret.react(conv, keep.id, null);
      await until(() => find(bob1, conv, keep.id)?.reactions.length === 1, 30_000, 'a reaction taken back');

      // Bob may not delete alice's message for everyone.
      const refused = await bob1.client.secret.deleteForEveryone(conv, sent.id).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ApiError);
      expect((refused as ApiError).code).toBe('forbidden');

      // bob2 is offline while alice deletes. It first finishes what it is doing: a timeline
      // fetch still running (a device fetches what it missed when an entry arrives out of
      // order) would bring the deletion in although the socket is closed.
      await until(() => find(bob2, conv, keep.id)?.reactions.length === 1, 30_000, 'bob2 to see it taken back');
      await bob2.client.secret.idle();
      bob2.client.disconnect();
      const bobSaw = bob1.client.secret.next('deleted');
      await alice.client.secret.deleteForEveryone(conv, sent.id);
      expect(ids(alice, conv)).not.toContain(sent.id);
      expect(await bobSaw).toEqual({ conversationId: conv, messageId: sent.id, forEveryone: true });
      expect(ids(bob1, conv)).toEqual([keep.id, reply.id]);
      expect(ids(bob2, conv)).toContain(sent.id);
      // The encrypted photo is gone from the server.
      const gone = await bob1.client.secret
        .openAttachment(conv, find(bob2, conv, sent.id)!.attachments[0]!)
        .catch((e: unknown) => e);
      expect((gone as ApiError).status).toBe(404);
      await bob2.client.connect();
      await until(() => !ids(bob2, conv).includes(sent.id), 30_000, 'bob2 dropping it after syncing');
      expect(ids(bob2, conv)).toEqual([keep.id, reply.id]);

      // Alice's archive no longer holds it; it holds the rest, with the reaction that is left.
      await alice.client.history.flush();
      const archived = (await alice.client.history.download()).get(conv) ?? [];
      expect(archived.map((m) => m.messageId)).toEqual([keep.id, reply.id]);
      expect(archived[1]!.extra?.replyTo).toEqual(reply.replyTo);
      expect(alice.client.secret.reactionsOf(conv, keep.id)).toEqual([{ userId: bob1.userId, emoji: '❤️' }]);

      // Delete for me: only bob1 drops bob's reply.
      await bob1.client.secret.deleteForMe(conv, reply.id);
      expect(ids(bob1, conv)).toEqual([keep.id]);
      expect(ids(alice, conv)).toEqual([keep.id, reply.id]);
    },
  );
});
