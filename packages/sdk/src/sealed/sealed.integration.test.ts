// client.sealed, client.backup, client.history and client.verification against a real server:
// a sealed secret revealed on each recipient device (and the sender's reveal log), a key backup
// restored on a new device that then reads secret-chat history sent before it existed (a wrong
// passphrase changes nothing), and safety numbers with a key-change warning.
import { BackupDecryptError, MemoryKeyStore } from '@anytime/crypto';
import { startTestServer, type TestServer } from '@anytime/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type AnytimeClient } from '../client.js';
import { IdentityMissingError } from '../secret/keys-client.js';
import { PASSWORD, uniqueName, until } from '../test-support/harness.js';

let server: TestServer;
const clients: AnytimeClient[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server?.close();
});

function newClient(): AnytimeClient {
  const c = createClient({ baseUrl: server.url, stores: { keys: new MemoryKeyStore() } });
  clients.push(c);
  return c;
}
async function account(prefix: string) {
  const c = newClient();
  const username = uniqueName(prefix);
  const r = await c.register({ username, password: PASSWORD });
  return { c, username, id: r.user.id };
}
async function another(username: string) {
  const c = newClient();
  await c.login({ username, password: PASSWORD });
  return c;
}

describe('sealed messages through the SDK', () => {
  it('seals to every device, reveals on each, and the sender sees the log', async () => {
    const alice = await account('alice');
    const bob = await account('bob');
    await alice.c.keys.setUp();
    await bob.c.keys.setUp();
    // Bob's second device gets the identity key through the backup.
    await bob.c.backup.upload('bob backup passphrase', { alg: 'scrypt' });
    const bob2 = await another(bob.username);
    await expect(bob2.keys.setUp()).rejects.toBeInstanceOf(IdentityMissingError);
    await bob2.backup.restore('bob backup passphrase');
    const { conversation } = await alice.c.api('createConversation', { body: { kind: 'direct', memberIds: [bob.id] } });
    const message = await alice.c.sealed.send(conversation.id, 'PIN 9931', { viewOnce: false });
    expect(message.text).toBe('');
    expect(message.sealed?.state).toBe('sealed');
    expect((await bob.c.sealed.reveal(message.id)).text).toBe('PIN 9931');
    expect((await bob2.sealed.reveal(message.id)).text).toBe('PIN 9931');
    const log = await alice.c.sealed.status(message.id);
    expect(log.reveals.map((r) => r.deviceId).sort()).toEqual([bob.c.session!.deviceId, bob2.session!.deviceId].sort());
    expect(log).toMatchObject({ recipientUsers: 1, openedUsers: 1 });
  });

  it('re-seals when a recipient device appears between the key fetch and the send', async () => {
    const alice = await account('alice');
    const bob = await account('bob');
    await alice.c.keys.setUp();
    await bob.c.keys.setUp();
    const { conversation } = await alice.c.api('createConversation', { body: { kind: 'direct', memberIds: [bob.id] } });
    const recipients = alice.c.sealed.recipients.bind(alice.c.sealed);
    let first = true;
    // A new device of bob's publishes its bundle right after alice read the directory.
    alice.c.sealed.recipients = async (id: string) => {
      const r = await recipients(id);
      if (first) {
        first = false;
        await bob.c.backup.upload('pp-123456', { alg: 'scrypt' });
        const late = await another(bob.username);
        await late.backup.restore('pp-123456');
      }
      return r;
    };
    const m = await alice.c.sealed.send(conversation.id, 'late device');
    const count = await server.server.ctx.storage.read
      .selectFrom('sealed_envelopes')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('message_id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });
});

describe('key backup and history restore', () => {
  it('a new device restored from the backup reads secret-chat history sent before it existed', async () => {
    const alice = await account('alice');
    const bob = await account('bob');
    await alice.c.connect();
    await bob.c.connect();
    await alice.c.secret.start();
    await bob.c.secret.start();
    const conversation = await alice.c.secret.create({ kind: 'direct', memberId: bob.id });
    await alice.c.secret.send(conversation.id, 'first secret line');
    await alice.c.secret.send(conversation.id, 'second secret line');
    await until(
      async () => {
        await bob.c.secret.idle();
        return bob.c.secret.messages(conversation.id).length === 2;
      },
      20_000,
      'bob decrypts',
    );
    await bob.c.history.flush();
    await bob.c.backup.upload('bob passphrase 42', { alg: 'argon2id' });

    const restored = await another(bob.username);
    // A wrong passphrase: an error, and this device still has no identity.
    await expect(restored.backup.restore('wrong passphrase')).rejects.toBeInstanceOf(BackupDecryptError);
    expect(await restored.keys.identity()).toBeUndefined();
    const history = await restored.backup.restore('bob passphrase 42');
    expect(history.get(conversation.id)?.map((m) => m.text)).toEqual(['first secret line', 'second secret line']);
    expect(restored.history.messages(conversation.id)).toHaveLength(2);
    // The restored device has the account's identity and a published bundle.
    expect((await restored.keys.identity())?.publicKey).toEqual((await bob.c.keys.identity())?.publicKey);
    const keys = await restored.keys.userKeys(bob.id);
    expect(keys.devices.map((d) => d.deviceId)).toContain(restored.session!.deviceId);
    // The sender's own messages are archived too: alice's restored device reads what she sent.
    await alice.c.secret.idle();
    await alice.c.history.flush();
    await alice.c.backup.upload('alice passphrase 7', { alg: 'scrypt' });
    const aliceRestored = await another(alice.username);
    const own = await aliceRestored.backup.restore('alice passphrase 7');
    expect(own.get(conversation.id)?.map((m) => m.text)).toEqual(['first secret line', 'second secret line']);
  });
});

describe('verification', () => {
  it('safety numbers match on both sides; a reset identity shows a warning until acknowledged', async () => {
    const alice = await account('alice');
    const bob = await account('bob');
    await alice.c.keys.setUp();
    await bob.c.keys.setUp();
    await alice.c.api('createConversation', { body: { kind: 'direct', memberIds: [bob.id] } });
    const a = await alice.c.verification.safetyNumber(bob.id);
    const b = await bob.c.verification.safetyNumber(alice.id);
    expect(a.digits).toBe(b.digits);
    expect(await alice.c.verification.scan(bob.id, b.qrPayload)).toBe('match');
    expect(await alice.c.verification.state(bob.id)).toBe('verified');
    await alice.c.connect();
    await alice.c.whenSynced();
    const warned = new Promise<string>((resolve) => alice.c.verification.onChange((e) => resolve(e.state)));
    await bob.c.keys.setUp({ reset: true });
    expect(await warned).toBe('changed');
    expect(await alice.c.verification.state(bob.id)).toBe('changed');
    const after = await alice.c.verification.safetyNumber(bob.id);
    expect(after.digits).not.toBe(a.digits);
    await alice.c.verification.acknowledge(bob.id);
    expect(await alice.c.verification.state(bob.id)).toBe('unverified');
    // Verification marks travel in the key backup to a restored device.
    await alice.c.verification.markVerified(bob.id);
    await alice.c.backup.upload('alice passphrase', { alg: 'scrypt' });
    const restored = await another(alice.username);
    expect(await restored.verification.state(bob.id)).toBe('unverified');
    await restored.backup.restore('alice passphrase');
    expect(await restored.verification.state(bob.id)).toBe('verified');
  });
});
