// The key backup and the history archive on a real database: a client-encrypted backup round
// trips (and a wrong passphrase opens nothing), versions conflict with 409, bad input changes
// nothing, each account sees only its own; history records are deduplicated and paged in order.
import { BackupDecryptError, decryptBackup, encryptBackup, HistoryArchive, newHistoryKey } from '@anytime/crypto';
import type { HistoryRecord, KeyBackup } from '@anytime/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, loginUser, registerUser } from '../../test-support/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

describe('key backup', () => {
  it('stores the client-encrypted backup; another device restores it; versions conflict', async () => {
    const u = await registerUser(s.url);
    expect((await api(s.url, 'GET', '/v1/keys/backup', { token: u.token })).status).toBe(404);
    const contents = { identityPrivateKey: crypto.getRandomValues(new Uint8Array(32)), historyKey: newHistoryKey() };
    const sealed = await encryptBackup(contents, 'a long passphrase', { alg: 'scrypt' });
    const put = await api(s.url, 'PUT', '/v1/keys/backup', { token: u.token, body: { previousVersion: 0, ...sealed } });
    expect(put.status).toBe(200);
    expect(put.body.backup).toMatchObject({ version: 1, nonce: sealed.nonce, kdf: sealed.kdf });
    // A new device of the same account downloads and opens it.
    const other = await loginUser(s.url, u);
    const got = (await api(s.url, 'GET', '/v1/keys/backup', { token: other.token })).body.backup as KeyBackup;
    const restored = await decryptBackup(got, 'a long passphrase');
    expect(restored.identityPrivateKey).toEqual(contents.identityPrivateKey);
    expect(restored.historyKey).toEqual(contents.historyKey);
    await expect(decryptBackup(got, 'wrong passphrase')).rejects.toBeInstanceOf(BackupDecryptError);
    // Two devices racing from version 1: the second gets 409 and the first one's backup stays.
    const v2 = await encryptBackup(contents, 'new passphrase', { alg: 'scrypt' });
    expect(
      (await api(s.url, 'PUT', '/v1/keys/backup', { token: other.token, body: { previousVersion: 1, ...v2 } })).status,
    ).toBe(200);
    const stale = await api(s.url, 'PUT', '/v1/keys/backup', {
      token: u.token,
      body: { previousVersion: 1, ...sealed },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('backup_version_conflict');
    const now = (await api(s.url, 'GET', '/v1/keys/backup', { token: u.token })).body.backup as KeyBackup;
    expect(now.version).toBe(2);
    expect(now.ciphertext).toBe(v2.ciphertext);
    // Someone else's backup is not visible.
    const stranger = await registerUser(s.url);
    expect((await api(s.url, 'GET', '/v1/keys/backup', { token: stranger.token })).status).toBe(404);
  });

  it('bad input changes nothing', async () => {
    const u = await registerUser(s.url);
    const sealed = await encryptBackup(
      { identityPrivateKey: new Uint8Array(32), historyKey: newHistoryKey() },
      'passphrase',
      { alg: 'scrypt' },
    );
    const put = (body: unknown) => api(s.url, 'PUT', '/v1/keys/backup', { token: u.token, body });
    expect((await put({ ...sealed })).status).toBe(400);
    expect((await put({ previousVersion: 0, ...sealed, kdf: { ...sealed.kdf, N: 1024 } })).status).toBe(400);
    expect(
      (await put({ previousVersion: 0, ...sealed, kdf: { alg: 'argon2id', salt: 'AAAA', m: 1024, t: 1, p: 1 } }))
        .status,
    ).toBe(400);
    expect((await put({ previousVersion: 0, ...sealed, ciphertext: 'not base64url!' })).status).toBe(400);
    expect((await put({ previousVersion: 0, ...sealed, extra: 1 })).status).toBe(400);
    expect((await put({ previousVersion: 3, ...sealed })).status).toBe(409);
    const huge = await api(s.url, 'PUT', '/v1/keys/backup', {
      token: u.token,
      body: { previousVersion: 0, ...sealed, ciphertext: 'A'.repeat(1_100_000) },
    });
    expect(huge.status).toBe(413);
    expect((await api(s.url, 'GET', '/v1/keys/backup', { token: u.token })).status).toBe(404);
  });
});

describe('history archive', () => {
  it('stores records once, pages them in order, and a restored device decrypts them', async () => {
    const u = await registerUser(s.url);
    const key = newHistoryKey();
    const archive = await HistoryArchive.open(key);
    const messages = Array.from({ length: 5 }, (_, i) => ({
      conversationId: 'conv-1',
      messageId: `m${i}`,
      senderId: 'someone',
      senderDeviceId: 'dev',
      sentAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      seq: i + 1,
      text: `secret line ${i}`,
    }));
    const records = await Promise.all(messages.map((m) => archive.seal(m)));
    const first = await api(s.url, 'POST', '/v1/keys/history', {
      token: u.token,
      body: { records: records.slice(0, 3) },
    });
    expect(first.body).toEqual({ stored: 3, last: 3 });
    // Another device uploads an overlapping batch: the known records are ignored.
    const other = await loginUser(s.url, u);
    const second = await api(s.url, 'POST', '/v1/keys/history', { token: other.token, body: { records } });
    expect(second.body).toEqual({ stored: 2, last: 5 });
    const page1 = await api(s.url, 'GET', '/v1/keys/history?limit=2', { token: other.token });
    expect(page1.body.hasMore).toBe(true);
    const page2 = await api(s.url, 'GET', '/v1/keys/history?after=2&limit=10', { token: other.token });
    expect(page2.body.hasMore).toBe(false);
    const all = [...page1.body.records, ...page2.body.records] as HistoryRecord[];
    expect(all.map((r) => r.pos)).toEqual([1, 2, 3, 4, 5]);
    const restored = await HistoryArchive.open(key.slice());
    const texts = await Promise.all(all.map(async (r) => (await restored.unseal(r)).text));
    expect(texts).toEqual(messages.map((m) => m.text));
    // Records are per account.
    const stranger = await registerUser(s.url);
    expect((await api(s.url, 'GET', '/v1/keys/history', { token: stranger.token })).body.records).toEqual([]);
    // Bad input: nothing stored.
    const bad = await api(s.url, 'POST', '/v1/keys/history', { token: u.token, body: { records: [{ key: 'x' }] } });
    expect(bad.status).toBe(400);
    expect((await api(s.url, 'POST', '/v1/keys/history', { token: u.token, body: { records: [] } })).status).toBe(400);
    expect((await api(s.url, 'GET', '/v1/keys/history?after=-1', { token: u.token })).status).toBe(400);
    expect((await api(s.url, 'GET', '/v1/keys/history?after=5', { token: u.token })).body.records).toEqual([]);
  });

  it("removes one of the caller's records by key (a deleted secret message), never another account's", async () => {
    const u = await registerUser(s.url);
    const stranger = await registerUser(s.url);
    const archive = await HistoryArchive.open(newHistoryKey());
    const message = (id: string) => ({
      conversationId: 'conv-1',
      messageId: id,
      senderId: 'someone',
      senderDeviceId: 'dev',
      sentAt: new Date().toISOString(),
      text: `line ${id}`,
    });
    const records = [await archive.seal(message('a')), await archive.seal(message('b'))];
    for (const token of [u.token, stranger.token]) {
      expect((await api(s.url, 'POST', '/v1/keys/history', { token, body: { records } })).status).toBe(200);
    }
    const key = archive.recordKey('a');
    const keysOf = async (token: string) =>
      ((await api(s.url, 'GET', '/v1/keys/history', { token })).body.records as HistoryRecord[]).map((r) => r.key);
    expect((await api(s.url, 'DELETE', `/v1/keys/history/${key}`, { token: u.token })).status).toBe(204);
    expect(await keysOf(u.token)).toEqual([archive.recordKey('b')]);
    expect(await keysOf(stranger.token)).toEqual([key, archive.recordKey('b')]);
    // Idempotent; a malformed key names nothing (404, as any malformed path parameter).
    expect((await api(s.url, 'DELETE', `/v1/keys/history/${key}`, { token: u.token })).status).toBe(204);
    const bad = await api(s.url, 'DELETE', `/v1/keys/history/${'A'.repeat(65)}`, { token: u.token });
    expect(bad.status).toBe(404);
    expect(bad.body.error.code).toBe('not_found');
  });
});
