// What every scenario shares: the running server, registered users paired into direct chats,
// a group of all of them, and the frame checker.
import type { Conversation } from '@anytime/protocol';
import { FrameChecker } from '../frame-check.js';
import { createConversation, registerMany, type BenchUser } from '../http-client.js';
import { defaultLoadWorkers } from '../pool/load-pool.js';
import type { Watched } from '../proc-stats.js';
import type { RunningServer } from '../server-process.js';

export interface BenchWorld {
  server: RunningServer;
  /** Pair i is senders[i] -> receivers[i] in the direct chat directs[i]. */
  senders: BenchUser[];
  receivers: BenchUser[];
  directs: Conversation[];
  /** A group of every sender and receiver, created by senders[0]. */
  group: Conversation;
  groupMembers: BenchUser[];
  checker: FrameChecker;
  /** The processes whose CPU and memory the scenarios report. */
  watched: Watched;
  /** The server's PostgreSQL database, or undefined when it runs on SQLite (under server.dataDir). */
  databaseUrl: string | undefined;
  /** Starts another node of the same service (same database and broker); only on PostgreSQL + NATS. */
  startAnotherNode?: () => Promise<RunningServer>;
  /** Worker threads of the load generator (pool/load-pool.ts) the scenarios drive the server with. */
  loadWorkers: number;
  /** Scenario c's fixed rate, messages per second. */
  latencyRate: number;
}

/** With `databaseUrl` (PostgreSQL) the database server's processes are watched too. */
export async function buildWorld(
  server: RunningServer,
  pairs: number,
  databaseUrl?: string,
  startAnotherNode?: () => Promise<RunningServer>,
  loadWorkers = defaultLoadWorkers(),
  latencyRate = 500,
): Promise<BenchWorld> {
  const databaseCommand = databaseUrl ? 'postgres' : undefined;
  const run = Date.now().toString(36);
  const senders = await registerMany(server.baseUrl, `bs${run}_`, pairs);
  const receivers = await registerMany(server.baseUrl, `br${run}_`, pairs);
  const directs: Conversation[] = [];
  for (let i = 0; i < pairs; i++) {
    const from = senders[i] as BenchUser;
    const to = receivers[i] as BenchUser;
    directs.push(await createConversation(server.baseUrl, from, { kind: 'direct', memberIds: [to.id] }));
  }
  const groupMembers = [...senders, ...receivers];
  const owner = senders[0] as BenchUser;
  const group = await createConversation(server.baseUrl, owner, {
    kind: 'group',
    title: `bench fan-out ${run}`,
    memberIds: groupMembers.filter((u) => u !== owner).map((u) => u.id),
  });
  if (group.memberCount !== groupMembers.length) {
    throw new Error(`group has ${group.memberCount} members, expected ${groupMembers.length}`);
  }
  // On a shared PostgreSQL server, only this database's backends (and the server's own processes).
  const databaseName = databaseUrl?.startsWith('postgres') ? new URL(databaseUrl).pathname.slice(1) : undefined;
  const watched = { serverPid: server.pid, databaseCommand, databaseName };
  return {
    server,
    senders,
    receivers,
    directs,
    group,
    groupMembers,
    checker: new FrameChecker(),
    watched,
    databaseUrl,
    loadWorkers,
    latencyRate,
    ...(startAnotherNode ? { startAnotherNode } : {}),
  };
}
