// Scenarios a and b: durable messages per second from N senders, each in its own direct
// chat with its own receiver, closed loop with a window of outstanding sends.
import { DeliveryLedger, describeDelivery } from '../delivery-ledger.js';
import { formatPercentiles, formatUsage } from '../format.js';
import type { Watched } from '../proc-stats.js';
import type { Timing } from '../timing.js';
import { closedLoopProblems, runClosedLoop } from './closed-loop.js';
import type { ScenarioResult } from './result.js';
import { SocketSet } from './socket-set.js';
import type { BenchWorld } from './world.js';

export interface ThroughputSpec {
  id: string;
  senders: number;
  window: number;
  /** The server of each socket, by index: senders first, then their receivers (default: the world's). */
  wsUrlFor?: (i: number) => string;
  /** The processes measured (default: the world's server). */
  watched?: Watched;
}

export async function runThroughput(world: BenchWorld, spec: ThroughputSpec, timing: Timing): Promise<ScenarioResult> {
  if (spec.senders > world.senders.length) throw new Error(`${spec.id}: only ${world.senders.length} pairs set up`);
  const ledger = new DeliveryLedger();
  const senderUsers = world.senders.slice(0, spec.senders);
  const receiverUsers = world.receivers.slice(0, spec.senders);
  const set = await SocketSet.open(world, [...senderUsers, ...receiverUsers], ledger, undefined, spec.wsUrlFor);
  const senderSockets = set.sockets.slice(0, spec.senders);
  const receiverSockets = set.sockets.slice(spec.senders);
  const senders = senderSockets.map((socket, i) => {
    const conversationId = world.directs[i]?.id ?? '';
    ledger.addConversation(conversationId, [socket, receiverSockets[i] as (typeof receiverSockets)[number]]);
    return { socket, conversationId };
  });

  const out = await runClosedLoop({
    id: spec.id,
    ledger,
    senders,
    window: spec.window,
    timing,
    maxMessages: 2_000_000,
    watched: spec.watched ?? world.watched,
  });
  await ledger.settle(5_000);
  const delivery = ledger.report();
  const problems = [...(await set.close()), ...closedLoopProblems(spec.id, out, timing.drainMs)];

  const noun = spec.senders === 1 ? 'sender' : 'senders';
  return {
    id: spec.id,
    scenario: `durable sends, ${spec.senders} ${noun}, window ${spec.window}`,
    value: out.ackedInWindow / out.windowSeconds,
    unit: 'msgs/s',
    notes: [
      `send->ack ${formatPercentiles(out.ackLatency.summary())}`,
      formatUsage(out.usage),
      describeDelivery(delivery),
    ],
    delivery,
    usage: out.usage,
    problems,
  };
}
