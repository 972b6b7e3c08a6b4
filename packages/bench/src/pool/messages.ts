// What the coordinator and its load workers (worker threads) say to each other. Everything
// here crosses threads by structured clone: plain data only, times on the shared clock
// (clock.ts), histograms encoded.
import type { EncodedHistogram } from '../histogram.js';
import type { BenchUser } from '../http-client.js';
import type { XmppAccount, XmppEndpoint } from '../xmpp/register.js';
import type { ShardExport } from './shard-ledger.js';

/** One connection a worker opens: Anytime's WebSocket or an XMPP client. */
export type SocketSpec =
  { kind: 'anytime'; wsUrl: string; user: BenchUser } | { kind: 'xmpp'; endpoint: XmppEndpoint; account: XmppAccount };

/** A sender: the socket (by its index in the pool) and the conversation it sends into. */
export interface SenderSpec {
  socket: number;
  conversationId: string;
}

/**
 * How a phase counts: 'window' counts acks and deliveries that arrive inside [from, to) (closed
 * loop, throughput); 'due' counts those of sends due at or after `from` (open loop, latency).
 */
export interface PhaseSpec {
  mode: 'window' | 'due';
  from: number;
  to: number;
}

export interface ClosedLoopCommand {
  op: 'closedLoop';
  /** Prefix of the message ids; unique per run (a repeated id is a retry to Anytime). */
  id: string;
  senders: SenderSpec[];
  window: number;
  /** First sends go out at `startAt`; none after `phase.to`. */
  startAt: number;
  phase: PhaseSpec;
  /** This worker's share of the run's message budget. */
  maxMessages: number;
  drainMs: number;
}

export interface OpenLoopCommand {
  op: 'openLoop';
  id: string;
  senders: SenderSpec[];
  /** The whole run's timetable; this worker sends its share (`shareOf`). */
  start: number;
  ratePerSecond: number;
  durationMs: number;
  share: { k: number; n: number };
  phase: PhaseSpec;
  drainMs: number;
}

export interface LoginCommand {
  op: 'login';
  baseUrl: string;
  usernames: string[];
  concurrency: number;
  from: number;
  to: number;
}

export type Command =
  | { op: 'open'; sockets: { index: number; spec: SocketSpec }[]; concurrency: number }
  | { op: 'joinRoom'; room: string; sockets: number[]; configure: boolean; concurrency: number }
  | { op: 'conversation'; id: string; members: number[]; totalMembers: number }
  /** Sets how deliveries are counted, for a worker that only receives in this phase. */
  | { op: 'phase'; phase: PhaseSpec }
  | ClosedLoopCommand
  | OpenLoopCommand
  | { op: 'progress' }
  | { op: 'report' }
  | LoginCommand
  | { op: 'close' };

/** What a closed or open loop answers once its sends are all answered (or the drain timed out). */
export interface LoopDone {
  drained: boolean;
  /** Open loop: the latest a send went out behind its due time, ms. */
  worstLagMs: number;
  sent: number;
}

/** A worker's counts for the current phase, sent after the deliveries settled. */
export interface WorkerReport {
  shard: ShardExport;
  ackedInWindow: number;
  deliveredInWindow: number;
  /** Encoded LatencyHistograms: send->ack, and send->deliver at the receivers. */
  ackLatency: EncodedHistogram;
  deliverLatency: EncodedHistogram;
  errorCodes: [string, number][];
}

export interface LoginDone {
  inWindow: number;
  attempts: number;
  latency: EncodedHistogram;
  failures: [string, number][];
}

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
