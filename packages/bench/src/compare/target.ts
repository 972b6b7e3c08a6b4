// A server under comparison, seen by the shared scenarios: it opens authenticated connections
// (idle ones, direct-chat pairs, the members of one group) as LoadSockets and says which
// processes to watch. Anytime (SQLite or PostgreSQL), ejabberd and Prosody each implement it.
import type { LoadSocket } from '../load-socket.js';
import type { Watched } from '../proc-stats.js';

export type TargetKey = 'anytime-sqlite' | 'anytime-postgres' | 'ejabberd' | 'ejabberd-sqlite' | 'prosody';

export interface DirectPair<S> {
  sender: S;
  receiver: S;
  conversationId: string;
}

export interface CompareTarget<S extends LoadSocket = LoadSocket> {
  key: TargetKey;
  /** For tables: "Anytime (SQLite)", "ejabberd 23.01-1". */
  label: string;
  /** What "acked" means on this server. */
  ackMeaning: string;
  watched: Watched;
  /** CPUs the server is pinned to. */
  cpus: string;
  /** Opens connections of the idle users `from` .. `from + n - 1` (distinct users) that then stay idle. */
  openIdle(from: number, n: number): Promise<S[]>;
  /** Opens the first `n` direct-chat pairs (sender and receiver connected). */
  openPairs(n: number): Promise<DirectPair<S>[]>;
  /** Opens every member of the fan-out group, joined to it. */
  openGroup(): Promise<{ sockets: S[]; conversationId: string }>;
  /** Unexpected closes and protocol problems seen so far, one line each (emptied on read). */
  takeProblems(sockets: readonly S[]): string[];
  stop(): Promise<void>;
}

/** Runs `fn` over `items`, `concurrency` at a time, keeping the order of results. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}
