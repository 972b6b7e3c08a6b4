// Media in a secret chat end to end, against a real server: alice sends bob a photo; only
// ciphertext reaches the server (the stored blob, every table and every file under DATA_DIR hold
// neither the photo's bytes nor its key nor its name); bob's device fetches, checks and decrypts
// it to the same bytes; a blob changed on the way is refused before decrypting.
import { AttachmentIntegrityError, MemoryKeyStore } from '@anytime/crypto';
import { describe, expect, it } from 'vitest';
import { device, PASSWORD, uniqueName, until } from '../test-support/harness.js';
import { dataDirText, dumpDatabase } from '../test-support/server-dump.js';
import { setUpServerWorld } from '../test-support/server-world.js';

const world = setUpServerWorld();
const { clients } = world;

/** A fetch that, while `tamper.on`, flips one byte of every encrypted attachment it downloads. */
function tamperingFetch(tamper: { on: boolean }): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const url = String(input instanceof Request ? input.url : input);
    if (!tamper.on || !url.includes('/mls/blobs/') || (init?.method ?? 'GET') !== 'GET') return res;
    const bytes = new Uint8Array(await res.arrayBuffer());
    bytes[bytes.length >> 1]! ^= 0x40;
    return new Response(bytes, { status: res.status, headers: res.headers });
  };
}

async function signedIn(prefix: string, fetchImpl?: typeof fetch) {
  const { client } = device(world.server.url, {
    stores: { keys: new MemoryKeyStore() },
    secret: { followerDelayMs: 400 },
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  clients.push(client);
  const res = await client.register({ username: uniqueName(prefix), password: PASSWORD });
  await client.connect();
  await client.whenSynced();
  await client.secret.start();
  return { client, userId: res.user.id };
}

describe('media in secret chats', () => {
  it(
    'sends a photo as ciphertext only; the recipient gets the same bytes; a changed blob is refused',
    { timeout: 90_000 },
    async () => {
      const alice = await signedIn('smal');
      const tamper = { on: false };
      const bob = await signedIn('smbo', tamperingFetch(tamper));
      const conv = await alice.client.secret.create({ kind: 'direct', memberId: bob.userId });
      await until(() => bob.client.secret.epochOf(conv.id) !== undefined, 30_000, 'bob joining the group');

      const photo = new Uint8Array(120_000);
      photo.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      crypto.getRandomValues(photo.subarray(8, 65_544));
      crypto.getRandomValues(photo.subarray(65_544));
      const thumb = crypto.getRandomValues(new Uint8Array(600));
      const sent = await alice.client.secret.send(conv.id, 'the view', [
        {
          data: new Blob([photo], { type: 'image/png' }),
          kind: 'image',
          contentType: 'image/png',
          fileName: 'holiday-kestrel.png',
          width: 400,
          height: 300,
          thumbnail: { data: thumb, type: 'image/jpeg' },
        },
      ]);
      const [att] = sent.attachments;
      expect(att).toMatchObject({
        kind: 'image',
        size: photo.length,
        width: 400,
        height: 300,
        fileName: 'holiday-kestrel.png',
      });

      await until(
        () => bob.client.secret.messages(conv.id).some((m) => m.attachments.length === 1),
        30_000,
        'bob reading',
      );
      const got = bob.client.secret.messages(conv.id).find((m) => m.attachments.length === 1)!;
      expect(got.text).toBe('the view');
      expect(got.attachments[0]).toEqual(att);
      const opened = await bob.client.secret.openAttachment(conv.id, got.attachments[0]!);
      expect(Buffer.from(opened).equals(Buffer.from(photo))).toBe(true);

      // What the server stores and serves is ciphertext: the same size plus nonce and tag, no
      // stretch of the photo in it; nothing of the photo, its key or name in any table or file.
      const stored = Buffer.from(
        await (await alice.client.fetchImage(`/v1/conversations/${conv.id}/mls/blobs/${att!.blobId}`)).arrayBuffer(),
      );
      expect(stored.length).toBe(photo.length + 28);
      for (const at of [8, 30_000, 70_000, 110_000])
        expect(stored.includes(Buffer.from(photo.subarray(at, at + 16)))).toBe(false);
      const everything = (await dumpDatabase(world.server)) + (await dataDirText(world.server.env['DATA_DIR']));
      expect(everything).not.toContain('holiday-kestrel');
      expect(everything).not.toContain(att!.key);
      expect(everything).not.toContain(Buffer.from(photo.subarray(30_000, 30_016)).toString('latin1'));

      // A blob changed between the server and bob: refused, nothing decrypted.
      tamper.on = true;
      await expect(bob.client.secret.openAttachment(conv.id, got.attachments[0]!)).rejects.toBeInstanceOf(
        AttachmentIntegrityError,
      );
      tamper.on = false;
      expect((await bob.client.secret.openAttachment(conv.id, got.attachments[0]!)).length).toBe(photo.length);

      // The ciphertext counts in alice's quota until she deletes it; then it is gone for bob too.
      const usage = () => alice.client.api('mediaUsage', {});
      expect((await usage()).usedBytes).toBe(photo.length + 28);
      await alice.client.secret.deleteAttachment(conv.id, att!.blobId);
      expect((await usage()).usedBytes).toBe(0);
      await expect(bob.client.secret.openAttachment(conv.id, got.attachments[0]!)).rejects.toMatchObject({
        code: 'not_found',
      });
    },
  );
});
