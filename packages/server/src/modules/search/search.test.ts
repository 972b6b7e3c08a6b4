// Search through the API on a real database: substring matching with folded accents and case,
// newest first with paging, membership (including the seq a member joined at), and what edits
// and deletes do to the index. Each search first waits for the indexer (it follows the event log
// after commit) to catch up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@anytime/protocol';
import { startTestServer, type TestServer } from '../../testing.js';
import { api, direct, group, registerUser, send, type TestUser } from '../../test-support/harness.js';
import { newMessageColumns } from '../message-actions/send-extras.js';
import { foldForSearch, queryTerms } from './fold.js';
import { writeSearchIndex } from '../../test-support/search-index-writes.js';
import { searchIndexFor } from './search-index-for.js';

let s: TestServer;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let dave: TestUser;
let dm: string;
let grp: string;

async function search(u: TestUser, query: Record<string, string>) {
  await s.server.searchIndexer.idle();
  return api(s.url, 'GET', `/v1/search?${new URLSearchParams(query)}`, { token: u.token });
}
const texts = (r: { body: { messages: Message[] } }) => r.body.messages.map((m) => m.text);

async function say(u: TestUser, conv: string, text: string): Promise<Message> {
  const r = await send(s.url, u, conv, text);
  expect(r.status).toBe(201);
  return (r.body as { message: Message }).message;
}

beforeAll(async () => {
  s = await startTestServer();
  [alice, bob, carol, dave] = (await Promise.all([1, 2, 3, 4].map(() => registerUser(s.url)))) as [
    TestUser,
    TestUser,
    TestUser,
    TestUser,
  ];
  dm = await direct(s.url, alice, bob);
  grp = await group(s.url, alice, [carol], 'plans');
  await say(alice, dm, 'Dinner at the Restaurant tonight?');
  await say(bob, dm, 'Un Café au lait, s’il vous plaît');
  await say(alice, grp, 'restaurant booked for friday');
  await say(carol, grp, 'price is 50% off, code a_b_c');
});
afterAll(() => s.close());

describe('search', () => {
  it('folds accents and case the same way for text and query', () => {
    expect(foldForSearch('  Café  AU\tLAIT ')).toBe('cafe au lait');
    expect(foldForSearch('ÅNGSTRÖM ﬁne')).toBe('angstrom fine');
    expect(queryTerms('ab Restau ab')).toEqual(['restau']);
    expect(queryTerms('a é')).toEqual([]);
  });

  it('finds prefixes and infixes, accents and case folded, only in the caller’s conversations', async () => {
    expect(texts(await search(bob, { q: 'restau' }))).toEqual(['Dinner at the Restaurant tonight?']);
    expect(texts(await search(bob, { q: 'AURANT' }))).toEqual(['Dinner at the Restaurant tonight?']);
    expect(texts(await search(bob, { q: 'cafe' }))).toEqual(['Un Café au lait, s’il vous plaît']);
    expect(texts(await search(bob, { q: 'PLAIT' }))).toEqual(['Un Café au lait, s’il vous plaît']);
    expect(texts(await search(carol, { q: 'restau' }))).toEqual(['restaurant booked for friday']);
    expect(texts(await search(alice, { q: 'restaurant' }))).toEqual([
      'restaurant booked for friday',
      'Dinner at the Restaurant tonight?',
    ]);
    expect(texts(await search(dave, { q: 'restaurant' }))).toEqual([]);
  });

  it('requires every word, ignores words under 3 characters, and refuses a query with none', async () => {
    expect(texts(await search(alice, { q: 'restaurant friday' }))).toEqual(['restaurant booked for friday']);
    expect(texts(await search(alice, { q: 'at restaurant tonight' }))).toEqual(['Dinner at the Restaurant tonight?']);
    for (const q of ['ab', 'a b', 'é́ ô']) {
      const r = await search(alice, { q });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('search_query_too_short');
    }
  });

  it('treats LIKE and FTS syntax in the query as plain text', async () => {
    expect(texts(await search(carol, { q: '50% off' }))).toEqual(['price is 50% off, code a_b_c']);
    expect(texts(await search(carol, { q: 'a_b' }))).toEqual(['price is 50% off, code a_b_c']);
    expect(texts(await search(carol, { q: 'x_x' }))).toEqual([]);
    expect(texts(await search(carol, { q: '"restaurant" OR price' }))).toEqual([]);
    expect((await search(carol, { q: 'NEAR(abc def)' })).status).toBe(200);
  });

  it('searches within one conversation, and answers 404 for a conversation of others', async () => {
    expect(texts(await search(alice, { q: 'restaurant', conversationId: dm }))).toEqual([
      'Dinner at the Restaurant tonight?',
    ]);
    const r = await search(dave, { q: 'restaurant', conversationId: dm });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    expect((await search(alice, { q: 'restaurant', conversationId: 'no-such' })).status).toBe(404);
  });

  it('pages newest first with a cursor', async () => {
    const conv = await direct(s.url, carol, dave);
    for (let i = 1; i <= 5; i++) await say(i % 2 ? carol : dave, conv, `pizza number ${i}`);
    const seen: string[] = [];
    let before: string | null = null;
    for (let page = 0; page < 5; page++) {
      const r = await search(dave, { q: 'pizza', limit: '2', ...(before ? { before } : {}) });
      expect(r.status).toBe(200);
      seen.push(...texts(r));
      before = r.body.nextCursor;
      if (!before) break;
    }
    expect(seen).toEqual([5, 4, 3, 2, 1].map((i) => `pizza number ${i}`));
    const bad = await search(dave, { q: 'pizza', before: 'garbage' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_cursor');
  });

  it('shows a member nothing from before the seq they joined at', async () => {
    const conv = await group(s.url, alice, [bob], 'late joiner');
    await say(alice, conv, 'secret lasagna recipe');
    const later = await say(alice, conv, 'public lasagna party');
    // Bob joined after the first message (as an add-member action would record it).
    await s.server.ctx.storage.write(async (tx) => {
      await tx.db
        .updateTable('members')
        .set({ joined_seq: later.seq })
        .where('conversation_id', '=', conv)
        .where('user_id', '=', bob.user.id)
        .execute();
    });
    expect(texts(await search(bob, { q: 'lasagna' }))).toEqual(['public lasagna party']);
    expect(texts(await search(alice, { q: 'lasagna' }))).toEqual(['public lasagna party', 'secret lasagna recipe']);
    // Removed members find nothing.
    await s.server.ctx.storage.write(async (tx) => {
      await tx.db
        .deleteFrom('members')
        .where('conversation_id', '=', conv)
        .where('user_id', '=', bob.user.id)
        .execute();
    });
    expect(texts(await search(bob, { q: 'lasagna' }))).toEqual([]);
  });

  it('finds messages for a user in very many conversations too', async () => {
    const eve = await registerUser(s.url);
    const convs: string[] = [];
    // More conversations with messages than the SQLite index names one by one in a query.
    for (let i = 0; i < 260; i += 20) {
      const batch = await Promise.all(Array.from({ length: 20 }, (_, j) => group(s.url, eve, [], `g${i + j}`)));
      await Promise.all(batch.map((c, j) => say(eve, c, `filler ${i + j}`)));
      convs.push(...batch);
    }
    await say(eve, convs[7]!, 'needle in a haystack');
    await say(alice, grp, 'needle elsewhere');
    expect(texts(await search(eve, { q: 'needle' }))).toEqual(['needle in a haystack']);
    expect(texts(await search(eve, { q: 'needle', conversationId: convs[8]! }))).toEqual([]);
  });

  it('follows edits in place and forgets deleted messages', async () => {
    const conv = await direct(s.url, bob, dave);
    const first = await say(bob, conv, 'meet at the museum');
    await say(dave, conv, 'museum closes at six');
    const ctx = s.server.ctx;
    await s.server.searchIndexer.idle();
    // An edit changes the message row, then the index (as the indexer's pass does after the
    // edit's own commit); candidates are confirmed against the message's text.
    await ctx.storage.write((tx) =>
      tx.db.updateTable('messages').set({ text: 'meet at the gallery' }).where('id', '=', first.id).execute(),
    );
    await writeSearchIndex(ctx.storage, [conv], (index, db) => index.edited(db, first.id, 'meet at the gallery'));
    expect(texts(await search(dave, { q: 'museum' }))).toEqual(['museum closes at six']);
    // The index has the new text; the message keeps its place in the order.
    expect((await search(dave, { q: 'gallery' })).body.messages.map((m: Message) => m.id)).toEqual([first.id]);
    await writeSearchIndex(ctx.storage, [conv], (index, db) => index.edited(db, 'no-such-message', 'whatever'));
    await writeSearchIndex(ctx.storage, [], (index, db) => index.deleted(db, [first.id]));
    expect(texts(await search(dave, { q: 'gallery' }))).toEqual([]);
    expect(texts(await search(dave, { q: 'museum' }))).toEqual(['museum closes at six']);
  });

  it('through the message actions: an edit is found by its new text, deleted and hidden messages are not', async () => {
    const conv = await direct(s.url, carol, dave);
    const edited = await say(carol, conv, 'the picnic is on saturday');
    const gone = await say(carol, conv, 'picnic basket from grandma');
    const hidden = await say(dave, conv, 'picnic blanket is in the car');
    const edit = await api(s.url, 'PATCH', `/v1/messages/${edited.id}`, {
      token: carol.token,
      body: { text: 'the barbecue is on saturday' },
    });
    expect(edit.status).toBe(200);
    expect((await api(s.url, 'DELETE', `/v1/messages/${gone.id}`, { token: carol.token })).status).toBe(200);
    expect((await api(s.url, 'POST', `/v1/messages/${hidden.id}/hide`, { token: carol.token })).status).toBe(204);
    // Carol deleted one picnic message for everyone and hid the other for herself.
    expect(texts(await search(carol, { q: 'picnic' }))).toEqual([]);
    expect(texts(await search(dave, { q: 'picnic' }))).toEqual(['picnic blanket is in the car']);
    expect(texts(await search(dave, { q: 'barbecue' }))).toEqual(['the barbecue is on saturday']);
  });
});

describe('a bulk add (the bench loader)', () => {
  it('indexes many messages of several conversations at once, newest last, each in its own conversation', async () => {
    const index = searchIndexFor(s.server.ctx.storage);
    // More documents than PostgreSQL's first recent window (4,000): "oldword" is in the three oldest
    // and the two newest, so a page of five needs both the window and the older index.
    const many = Array.from({ length: 5_003 }, (_, i) => ({
      id: `bulk-${i}`,
      conversationId: i % 3 === 0 ? dm : grp,
      seq: 100_000 + i,
      text: `bulkword number ${i}${i < 3 || i >= 5_001 ? ' oldword' : ''}`,
    }));
    // Stored as the bench loader stores them (search confirms candidates against the message).
    const now = new Date().toISOString();
    const { storage } = s.server.ctx;
    await storage.write(async (tx) => {
      for (let i = 0; i < many.length; i += 500) {
        await tx.db
          .insertInto('messages')
          .values(
            many.slice(i, i + 500).map((m) => ({
              id: m.id,
              conversation_id: m.conversationId,
              seq: m.seq,
              sender_id: alice.user.id,
              sender_device_id: 'bulk',
              client_id: m.id,
              text: m.text,
              reply_to_id: null,
              media_ids: '[]',
              created_at: now,
              ...newMessageColumns({ entities: [], quote: null }, m.seq, now, null, undefined),
            })),
          )
          .execute();
      }
    });
    await writeSearchIndex(storage, [dm, grp], (index, db) => index.add(db, many));
    const ids = async (userId: string, term: string, conversationId?: string) =>
      (
        await index.search(s.server.ctx.storage.read, {
          userId,
          terms: [term],
          limit: 5,
          ...(conversationId ? { conversationId } : {}),
        })
      ).map((h) => h.messageId);
    // alice is in both; newest (last added) first.
    expect(await ids(alice.user.id, 'bulkword')).toEqual([
      'bulk-5002',
      'bulk-5001',
      'bulk-5000',
      'bulk-4999',
      'bulk-4998',
    ]);
    // bob only in the direct chat (every third message), carol only in the group.
    expect(await ids(bob.user.id, 'bulkword')).toEqual([
      'bulk-5001',
      'bulk-4998',
      'bulk-4995',
      'bulk-4992',
      'bulk-4989',
    ]);
    expect(await ids(carol.user.id, 'bulkword', grp)).toEqual([
      'bulk-5002',
      'bulk-5000',
      'bulk-4999',
      'bulk-4997',
      'bulk-4996',
    ]);
    expect(await ids(alice.user.id, 'oldword')).toEqual(['bulk-5002', 'bulk-5001', 'bulk-2', 'bulk-1', 'bulk-0']);
    expect(await ids(carol.user.id, 'oldword')).toEqual(['bulk-5002', 'bulk-2', 'bulk-1']);
    // A replayed add changes nothing; then all go.
    await writeSearchIndex(storage, [dm, grp], (index, db) => index.add(db, many.slice(0, 10)));
    expect(await ids(alice.user.id, 'oldword')).toEqual(['bulk-5002', 'bulk-5001', 'bulk-2', 'bulk-1', 'bulk-0']);
    await writeSearchIndex(storage, [], (index, db) =>
      index.deleted(
        db,
        many.map((m) => m.id),
      ),
    );
    expect(await ids(alice.user.id, 'bulkword')).toEqual([]);
  });
});
