// A server under comparison, seen by the shared scenarios: it says which connections to open
// (idle ones, direct-chat pairs, the members of one group) as SocketSpecs, which the load
// pool's workers open and drive, and which processes to watch. Anytime (SQLite or
// PostgreSQL), ejabberd and Prosody each implement it.
import type { SocketSpec } from '../pool/messages.js';
import type { Watched } from '../proc-stats.js';

export type TargetKey = 'anytime-sqlite' | 'anytime-postgres' | 'ejabberd' | 'ejabberd-sqlite' | 'prosody';

export interface DirectPair<S> {
  sender: S;
  receiver: S;
  conversationId: string;
}

export interface GroupSpec {
  members: SocketSpec[];
  conversationId: string;
  /** XMPP: a new MUC room the members must join (the first creates and configures it). */
  joinRoom: boolean;
}

export interface CompareTarget {
  key: TargetKey;
  /** For tables: "Anytime (SQLite)", "ejabberd 23.01-1". */
  label: string;
  /** What "acked" means on this server. */
  ackMeaning: string;
  watched: Watched;
  /** CPUs the server is pinned to. */
  cpus: string;
  /** Connections of the idle users `from` .. `from + n - 1` (distinct users) that then stay idle. */
  idle(from: number, n: number): SocketSpec[];
  /** The first `n` direct-chat pairs. */
  pairs(n: number): DirectPair<SocketSpec>[];
  /** Every member of the fan-out group (a new room each time for XMPP). */
  group(): GroupSpec;
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
