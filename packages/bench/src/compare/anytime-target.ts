// Anytime as a comparison target: the real server started pinned with taskset, on SQLite or
// on a fresh PostgreSQL database (whose processes' CPU is counted with the server's), with the
// same users, direct chats and group as `npm run bench`, plus users for idle connections.
import { registerMany, type BenchUser } from '../http-client.js';
import type { SocketSpec } from '../pool/messages.js';
import type { PostgresDatabase } from '@anytime/server/test-databases';
import { buildWorld } from '../scenarios/world.js';
import { startServer } from '../server-process.js';
import type { CompareTarget, DirectPair } from './target.js';

export interface AnytimeTargetOptions {
  entry: string;
  cpus: string;
  pairs: number;
  /** Users registered for idle connections (the scenario's count plus its warm-up batch). */
  idleUsers: number;
  /** PostgreSQL server to create a fresh database on; SQLite when undefined. */
  databaseUrl?: string | undefined;
  env: Record<string, string>;
}

export async function startAnytimeTarget(opts: AnytimeTargetOptions): Promise<CompareTarget> {
  let db: PostgresDatabase | undefined;
  if (opts.databaseUrl) {
    const { createPostgresDatabase } = await import('@anytime/server/test-databases');
    db = await createPostgresDatabase(opts.databaseUrl, 'anytime_bench_peers');
  }
  const server = await startServer({ entry: opts.entry, databaseUrl: db?.url, env: opts.env, cpus: opts.cpus });
  let idle: BenchUser[];
  let world: Awaited<ReturnType<typeof buildWorld>>;
  try {
    world = await buildWorld(server, opts.pairs, db?.url);
    idle = await registerMany(server.baseUrl, `idle${Date.now().toString(36)}_`, opts.idleUsers, 16);
  } catch (e) {
    await server.stop();
    await db?.drop();
    throw e;
  }
  const spec = (user: BenchUser): SocketSpec => ({ kind: 'anytime', wsUrl: server.wsUrl, user });
  return {
    key: db ? 'anytime-postgres' : 'anytime-sqlite',
    label: db ? 'Anytime (PostgreSQL)' : 'Anytime (SQLite)',
    ackMeaning: db
      ? 'the `ack` frame, sent once the transaction holding the message is committed in PostgreSQL'
      : 'the `ack` frame, sent once the message is committed in SQLite and the WAL fsynced',
    watched: world.watched,
    cpus: opts.cpus,
    idle: (from, n) => idle.slice(from, from + n).map(spec),
    pairs: (n) =>
      Array.from({ length: n }, (_, i): DirectPair<SocketSpec> => ({
        sender: spec(world.senders[i] as BenchUser),
        receiver: spec(world.receivers[i] as BenchUser),
        conversationId: world.directs[i]?.id ?? '',
      })),
    group: () => ({ members: world.groupMembers.map(spec), conversationId: world.group.id, joinRoom: false }),
    stop: async () => {
      await server.stop();
      await db?.drop();
    },
  };
}
