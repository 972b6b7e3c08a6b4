// For the at-rest benchmark (`@anytime/server/at-rest-bench`, packages/bench/src/at-rest/): the
// server's real send action on the real storage of either backend, with encryption at rest on
// (storage opened as the server opens it) or off (the same storage classes without a keyring:
// possible only here, in-process, for measuring; the server itself has no switch). Not for
// production data.
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import type { AppContext } from './context.js';
import { newId } from './ids.js';
import { sendMessage } from './modules/messages/actions.js';
import { searchMessages } from './modules/search/search.js';
import { SearchIndexer } from './modules/search/indexer.js';
import { migrate, openStorage } from './storage/open.js';
import { PostgresStorage } from './storage/postgres.js';
import { SqliteStorage } from './storage/sqlite.js';
import type { Storage } from './storage/storage.js';
import { loadConfig } from './config.js';

let statements = 0;
let counting = false;

/**
 * SQL statements sent to either database from now on, by this whole process (the bench's
 * "statements per send"): better-sqlite3 statement runs (not the writer's SAVEPOINT / BEGIN /
 * COMMIT, which go through exec), or pg client queries (BEGIN, COMMIT and advisory locks
 * included). Returns a reader of the count so far.
 */
export function countStatements(): () => number {
  if (!counting) {
    counting = true;
    const probe = new BetterSqlite3(':memory:');
    const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...a: unknown[]) => unknown>;
    probe.close();
    for (const m of ['run', 'get', 'all', 'iterate']) {
      const run = proto[m]!;
      proto[m] = function (this: unknown, ...a: unknown[]) {
        statements += 1;
        return run.apply(this, a);
      };
    }
    const client = pg.Client.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
    const query = client['query']!;
    client['query'] = function (this: unknown, ...a: unknown[]) {
      statements += 1;
      return query.apply(this, a);
    };
  }
  const from = statements;
  return () => statements - from;
}

export interface BenchTarget {
  databaseUrl: string | undefined;
  dataDir: string;
  masterKey: string | undefined;
}

export class AtRestBench {
  private constructor(
    readonly storage: Storage,
    private readonly ctx: AppContext,
  ) {}

  static async open(target: BenchTarget, encrypted: boolean): Promise<AtRestBench> {
    let storage: Storage;
    const config = loadConfig({
      DATA_DIR: target.dataDir,
      DATABASE_URL: target.databaseUrl,
      ANYTIME_MASTER_KEY: target.masterKey,
      LOG_LEVEL: 'silent',
    });
    if (encrypted) storage = await openStorage(config, () => undefined);
    else if (target.databaseUrl) {
      storage = new PostgresStorage(target.databaseUrl);
      await migrate(storage.read, 'postgres');
    } else {
      const opened = SqliteStorage.create(target.dataDir, config.SQLITE_BATCH_MAX);
      await migrate(opened.migrator, 'sqlite');
      opened.storage.startCheckpoints(() => undefined);
      storage = opened.storage;
    }
    const ctx = {
      config,
      storage,
      sendLimit: { hit: () => 0 },
      log: { warn() {}, error() {} },
    } as unknown as AppContext;
    return new AtRestBench(storage, ctx);
  }

  /** `pairs` users in `pairs` direct chats (user i writes in chat i). */
  async setup(pairs: number): Promise<{ userId: string; conversationId: string }[]> {
    const now = new Date().toISOString();
    const out: { userId: string; conversationId: string }[] = [];
    await this.storage.write(async (tx) => {
      for (let i = 0; i < pairs; i++) {
        const [u, v, c] = [newId(), newId(), newId()];
        for (const id of [u, v]) {
          await tx.db
            .insertInto('users')
            .values({
              id,
              username: `b${id}`,
              display_name: 'b',
              about: '',
              password_hash: 'x',
              created_at: now,
              updated_at: now,
            })
            .execute();
        }
        await tx.db
          .insertInto('conversations')
          .values({
            id: c,
            kind: 'direct',
            title: null,
            created_by: u,
            created_at: now,
            last_seq: 0,
            last_activity_at: now,
            direct_key: [u, v].sort().join(':'),
            member_count: 2,
            client_id: null,
            disappear_after_seconds: null,
          })
          .execute();
        for (const id of [u, v]) {
          await tx.db
            .insertInto('members')
            .values({ conversation_id: c, user_id: id, role: 'member', joined_at: now, joined_seq: 0 })
            .execute();
        }
        out.push({ userId: u, conversationId: c });
      }
    });
    return out;
  }

  /** One durable send through the server's send action (returns when it is committed). */
  async send(userId: string, conversationId: string, text: string): Promise<void> {
    await sendMessage(this.ctx, { userId, deviceId: 'bench' } as never, conversationId, { clientId: newId(), text });
  }

  /** Indexes everything sent so far (the search indexer's passes, run to the end). */
  async index(): Promise<void> {
    const indexer = new SearchIndexer(this.ctx);
    indexer.start();
    await indexer.idle();
    await indexer.stop();
  }

  async search(userId: string, q: string): Promise<number> {
    const r = await searchMessages(this.ctx, { userId, deviceId: 'bench' } as never, { q, limit: 20 } as never);
    return r.messages.length;
  }

  async sizeOnDisk(): Promise<number | undefined> {
    if (this.storage.dialect !== 'postgres') return undefined;
    const r = await sql<{ n: string }>`SELECT pg_database_size(current_database())::text AS n`.execute(
      this.storage.read,
    );
    return Number(r.rows[0]!.n);
  }

  close(): Promise<void> {
    return this.storage.close();
  }
}
