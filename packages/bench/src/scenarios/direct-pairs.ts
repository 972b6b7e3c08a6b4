// Opens the world's first `n` direct-chat pairs in a load pool: pair i (sender i and its
// receiver) in one worker, so each direct chat is counted inside one thread, and the pairs
// spread round robin over the workers.
import type { LoadPool } from '../pool/load-pool.js';
import type { SenderSpec, SocketSpec } from '../pool/messages.js';
import type { BenchWorld } from './world.js';

export async function openDirectPairs(
  pool: LoadPool,
  world: BenchWorld,
  n: number,
  /** The server of each socket, by index: senders first, then their receivers (default: the world's). */
  wsUrlFor: (i: number) => string = () => world.server.wsUrl,
): Promise<SenderSpec[]> {
  if (n > world.senders.length) throw new Error(`only ${world.senders.length} pairs set up`);
  const users = [...world.senders.slice(0, n), ...world.receivers.slice(0, n)];
  const specs = users.map((user, i): SocketSpec => ({ kind: 'anytime', wsUrl: wsUrlFor(i), user }));
  const indices = await pool.open(specs, { workerOf: (i) => i % n });
  const senders: SenderSpec[] = [];
  for (let i = 0; i < n; i++) {
    const conversationId = world.directs[i]?.id ?? '';
    await pool.conversation(conversationId, [indices[i] ?? -1, indices[n + i] ?? -1]);
    senders.push({ socket: indices[i] ?? -1, conversationId });
  }
  return senders;
}
