// client.keys against a real server: the first device makes and publishes the identity key; a
// second device without it is told to restore it (IdentityMissingError) unless it resets the
// identity, which drops the other device's bundle.
import { MemoryKeyStore, toB64 } from '@anytime/crypto';
import { startTestServer, type TestServer } from '@anytime/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { device, PASSWORD, uniqueName } from '../test-support/harness.js';
import { IdentityMissingError } from './keys-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('client.keys', () => {
  it('publishes on first use, asks other devices to restore, and resets on request', async () => {
    const name = uniqueName('kim');
    const one = device(server.url, { stores: { keys: new MemoryKeyStore() } }).client;
    const two = device(server.url, { stores: { keys: new MemoryKeyStore() } }).client;
    const me = await one.register({ username: name, password: PASSWORD });
    const { identity } = await one.keys.setUp();
    const published = await one.keys.userKeys(me.user.id);
    expect(published.identityKey).toBe(toB64(identity.publicKey));
    expect(published.devices.map((d) => d.deviceId)).toEqual([me.deviceId]);
    // Setting up again changes nothing.
    expect((await one.keys.setUp()).identity.publicKey).toEqual(identity.publicKey);

    const second = await two.login({ username: name, password: PASSWORD });
    await expect(two.keys.setUp()).rejects.toBeInstanceOf(IdentityMissingError);
    const reset = await two.keys.setUp({ reset: true });
    expect(reset.identity.publicKey).not.toEqual(identity.publicKey);
    const after = await one.keys.userKeys(me.user.id);
    expect(after.identityKey).toBe(toB64(reset.identity.publicKey));
    expect(after.devices.map((d) => d.deviceId)).toEqual([second.deviceId]);
    await one.close();
    await two.close();
  });
});
