// Delete for everyone in secret chats against a real server: only the sender, only its own
// application messages, within the edit window; the ciphertext leaves the timeline and the stored
// events, the entry becomes `deleted` at the next seq (what devices online and syncing later
// meet), and the attachments it carried go with their bytes. Refusals change nothing.
import type { MlsMessage } from '@anytime/protocol';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../testing.js';
import { api } from '../../test-support/harness.js';
import * as kit from '../../test-support/secret-chat.js';
import { footprint, startMediaServer } from '../media/media-test-kit.js';

let s: TestServer;
beforeAll(async () => {
  s = await startMediaServer();
});
afterAll(() => s.close());

const del = (token: string, conv: string, id: string) =>
  api(s.url, 'DELETE', `/v1/conversations/${conv}/mls/messages/${id}`, { token });

async function timeline(token: string, conv: string): Promise<MlsMessage[]> {
  const r = await api<{ messages: MlsMessage[] }>(s.url, 'GET', `/v1/conversations/${conv}/mls/messages`, { token });
  expect(r.status).toBe(200);
  return r.body.messages;
}

const allEvents = (token: string) => kit.allEvents(s, token);

const lastSeq = (conv: string) => kit.lastSeq(s, conv);

describe('deleting a secret message for everyone', () => {
  it('removes the ciphertext and its attachments, leaves a deleted entry at the next seq; others cannot', async () => {
    const [alice, bob, stranger] = await Promise.all([kit.keyed(s), kit.keyed(s), kit.keyed(s)]);
    const { conv, send } = await kit.secretChat(s, alice, bob);
    const photo = randomBytes(4_000);
    const up = await kit.upload(s, alice.token, conv, photo);
    const blobId = up.body.blob.id as string;
    const usageBefore = await kit.usage(s, alice.token);
    const first = await send([blobId]);
    const second = await send();
    expect([first.status, second.status]).toEqual([201, 201]);
    const m1 = first.body.message as MlsMessage;
    const m2 = second.body.message as MlsMessage;
    expect((await kit.download(s, bob.token, conv, blobId)).status).toBe(200);
    const before = await footprint(s);
    const seqBefore = await lastSeq(conv);

    // Refused, and nothing changes: another member's message, an outsider, unknown ids, a commit.
    const bobs = await del(bob.token, conv, m1.id);
    expect(bobs.status).toBe(403);
    expect(bobs.body.error.code).toBe('forbidden');
    expect((await del(stranger.token, conv, m1.id)).status).toBe(404);
    const unknown = await del(alice.token, conv, 'no-such-message');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const commit = (await timeline(alice.token, conv)).find((m) => m.kind === 'commit')!;
    expect((await del(alice.token, conv, commit.id)).status).toBe(404);
    expect(await lastSeq(conv)).toBe(seqBefore);
    expect((await kit.download(s, bob.token, conv, blobId)).status).toBe(200);
    expect((await timeline(bob.token, conv)).map((m) => m.id)).toContain(m1.id);

    const r = await del(alice.token, conv, m1.id);
    expect(r.status).toBe(200);
    const deleted = r.body.message as MlsMessage;
    expect(deleted).toMatchObject({
      id: m1.id,
      kind: 'deleted',
      data: '',
      senderId: alice.user.id,
      seq: seqBefore + 1,
    });
    expect(deleted.seq).toBeGreaterThan(m2.seq);

    // The timeline: the deleted entry at its new seq, nothing at the old one, the other message kept.
    const line = await timeline(bob.token, conv);
    expect(line.filter((m) => m.seq === m1.seq)).toEqual([]);
    expect(line.at(-1)).toEqual(deleted);
    expect(line.find((m) => m.id === m2.id)?.data).toBe(m2.data);
    // Bob's event stream: mls.message with the deletion; no stored event holds the ciphertext.
    const events = await allEvents(bob.token);
    const last = events.filter((e) => e.type === 'mls.message').at(-1);
    expect(last).toMatchObject({ type: 'mls.message', seq: deleted.seq, message: deleted });
    expect(JSON.stringify(events)).not.toContain(m1.data);
    const stored = await sql<{ payload: string }>`SELECT payload FROM events`.execute(s.server.ctx.storage.read);
    expect(stored.rows.some((e) => String(e.payload).includes(m1.data))).toBe(false);

    // The attachment is gone for everyone, with its bytes, and no longer in the quota.
    expect((await kit.download(s, bob.token, conv, blobId)).status).toBe(404);
    expect((await kit.download(s, alice.token, conv, blobId)).status).toBe(404);
    const after = await footprint(s);
    expect(after.files.length).toBe(before.files.length - 1);
    expect(after.blobs).toBe(before.blobs - 1);
    expect(await kit.usage(s, alice.token)).toBe(usageBefore - photo.length);

    // A repeat returns the same entry and takes no seq.
    const again = await del(alice.token, conv, m1.id);
    expect(again.status).toBe(200);
    expect(again.body.message).toEqual(deleted);
    expect(await lastSeq(conv)).toBe(deleted.seq);
  });

  it('only within the edit window', async () => {
    const [alice, bob] = await Promise.all([kit.keyed(s), kit.keyed(s)]);
    const { conv, send } = await kit.secretChat(s, alice, bob);
    const m = (await send()).body.message as MlsMessage;
    const old = new Date(Date.now() - (s.server.ctx.config.EDIT_WINDOW_SECONDS + 60) * 1000).toISOString();
    await s.server.ctx.storage.write((tx) =>
      tx.db.updateTable('mls_messages').set({ created_at: old }).where('id', '=', m.id).execute(),
    );
    const seq = await lastSeq(conv);
    const r = await del(alice.token, conv, m.id);
    expect(r.body.error.code).toBe('edit_window_passed');
    expect(await lastSeq(conv)).toBe(seq);
    expect((await timeline(bob.token, conv)).find((x) => x.id === m.id)?.kind).toBe('application');
  });
});
