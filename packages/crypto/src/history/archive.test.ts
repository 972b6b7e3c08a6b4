// The history archive: records open only under the same history key, and only as themselves.
import { describe, expect, it } from 'vitest';
import { HistoryArchive, HistoryRecordError, type ArchivedMessage } from './archive.js';
import { newHistoryKey } from './archive-key.js';

const message: ArchivedMessage = {
  conversationId: 'c1',
  messageId: 'm1',
  senderId: 'alice',
  senderDeviceId: 'a1',
  sentAt: '2026-01-01T00:00:00.000Z',
  seq: 3,
  text: 'the boat leaves at nine',
};

describe('HistoryArchive', () => {
  it('round trips under the same key, from another instance (a restored device)', async () => {
    const key = newHistoryKey();
    const record = await (await HistoryArchive.open(key)).seal(message);
    expect(record.ciphertext).not.toContain('boat');
    const restored = await HistoryArchive.open(key.slice());
    expect(await restored.unseal(record)).toEqual(message);
    expect(restored.recordKey('m1')).toBe(record.key);
    expect(restored.recordKey('m2')).not.toBe(record.key);
  });

  it('another history key cannot open it', async () => {
    const record = await (await HistoryArchive.open(newHistoryKey())).seal(message);
    await expect((await HistoryArchive.open(newHistoryKey())).unseal(record)).rejects.toBeInstanceOf(
      HistoryRecordError,
    );
  });

  it('a record moved under another key, or changed, is refused', async () => {
    const archive = await HistoryArchive.open(newHistoryKey());
    const a = await archive.seal(message);
    const b = await archive.seal({ ...message, messageId: 'm2', text: 'other' });
    await expect(archive.unseal({ ...a, key: b.key })).rejects.toBeInstanceOf(HistoryRecordError);
    const ct = Buffer.from(a.ciphertext, 'base64url');
    ct[0]! ^= 1;
    await expect(archive.unseal({ ...a, ciphertext: ct.toString('base64url') })).rejects.toBeInstanceOf(
      HistoryRecordError,
    );
  });
});
