// Bulk loading for the benchmark (`@anytime/server/bench-seed`): puts a large history into a
// server's database through the server's own storage layer and SearchIndex, far faster than
// sending it message by message, so that search can be measured over 1,000,000 messages.
// Each batch is one transaction: seqs are taken from the conversations as a send would, the
// messages are stored and indexed (on SQLite, whose index has a file of its own, the index's
// transaction follows the messages'). No events are appended (nobody syncs this history), which
// is the one way the result differs from real sends. Not for production data.
import { openStorage } from './storage/open.js';
import type { Storage } from './storage/storage.js';
import { newId } from './ids.js';
import { newMessageColumns } from './modules/message-actions/send-extras.js';
import { keyringIndexKeys, type IndexKeySource } from './modules/search/blind-index.js';
import { indexKeysOf, SearchFileIndex } from './modules/search/search-file-index.js';
import { searchIndexFor } from './modules/search/search-index-for.js';
import type { IndexedMessage } from './modules/search/search-index.js';
import { SqliteStorage } from './storage/sqlite.js';

export interface SeedMessage {
  conversationId: string;
  senderId: string;
  text: string;
}

export interface SeedTarget {
  /** The server's DATABASE_URL, or undefined for its SQLite file under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** The server's ANYTIME_MASTER_KEY (needed on PostgreSQL; SQLite uses the key file under dataDir). */
  masterKey?: string | undefined;
}

export class Seeder {
  /** SQLite: the search file's index, written after each batch's messages, and its keys. */
  private readonly searchFile: { index: SearchFileIndex; keys: IndexKeySource } | undefined;

  private constructor(private readonly storage: Storage) {
    if (storage instanceof SqliteStorage && storage.searchFile && storage.keyring) {
      this.searchFile = { index: new SearchFileIndex(storage.searchFile), keys: keyringIndexKeys(storage.keyring) };
    }
  }

  static async open(target: SeedTarget): Promise<Seeder> {
    const storage = await openStorage(
      {
        DATABASE_URL: target.databaseUrl,
        dataDir: target.dataDir,
        SQLITE_BATCH_MAX: 1,
        ANYTIME_MASTER_KEY: target.masterKey,
      },
      (e) => console.error('seed storage error', e),
    );
    return new Seeder(storage);
  }

  /** Stores and indexes one batch in one transaction (on SQLite, two). */
  async add(batch: readonly SeedMessage[]): Promise<void> {
    const index = searchIndexFor(this.storage);
    const { value: indexed } = await this.storage.write(async (tx) => {
      const convIds = [...new Set(batch.map((m) => m.conversationId))];
      const rows = await tx.db
        .selectFrom('conversations')
        .select(['id', 'last_seq'])
        .where('id', 'in', convIds)
        .execute();
      const next = new Map(rows.map((r) => [r.id, r.last_seq]));
      const now = new Date().toISOString();
      const messages = batch.map((m, i) => {
        const seq = (next.get(m.conversationId) ?? 0) + 1;
        next.set(m.conversationId, seq);
        return {
          id: newId(),
          conversation_id: m.conversationId,
          seq,
          sender_id: m.senderId,
          sender_device_id: 'seed',
          client_id: `seed-${newId()}-${i}`,
          text: m.text,
          reply_to_id: null,
          media_ids: '[]',
          created_at: now,
          ...newMessageColumns({ entities: [], quote: null }, seq, now, null, undefined),
        };
      });
      for (let i = 0; i < messages.length; i += 500) {
        await tx.db
          .insertInto('messages')
          .values(messages.slice(i, i + 500))
          .execute();
      }
      const indexed: IndexedMessage[] = messages.map((m) => ({
        id: m.id,
        conversationId: m.conversation_id,
        seq: m.seq,
        text: m.text,
      }));
      if (!this.searchFile) await index.add(tx.db, indexed);
      for (const [id, lastSeq] of next) {
        await tx.db
          .updateTable('conversations')
          .set({ last_seq: lastSeq, last_activity_at: now })
          .where('id', '=', id)
          .execute();
      }
      return indexed;
    });
    if (this.searchFile) {
      const conversations = new Set(batch.map((m) => m.conversationId));
      const keys = await indexKeysOf(this.searchFile.keys, this.storage, conversations);
      await this.searchFile.index.write(keys, (index, db) => index.add(db, indexed));
    }
  }

  async close(): Promise<void> {
    await this.searchFile?.index.close();
    await this.storage.close();
  }
}
