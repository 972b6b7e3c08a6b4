// Scenario d: fan-out in a group whose members are all connected: a few members send closed
// loop, and the deliveries of `message.created` to the other members are counted per second.
import { DeliveryLedger, describeDelivery } from '../delivery-ledger.js';
import { formatPercentiles, formatUsage, formatValue } from '../format.js';
import type { Timing } from '../timing.js';
import { closedLoopProblems, runClosedLoop } from './closed-loop.js';
import type { ScenarioResult } from './result.js';
import { SocketSet } from './socket-set.js';
import type { BenchWorld } from './world.js';

export interface FanOutSpec {
  id: string;
  senders: number;
  window: number;
}

export async function runFanOut(world: BenchWorld, spec: FanOutSpec, timing: Timing): Promise<ScenarioResult> {
  const ledger = new DeliveryLedger();
  let measureFrom = Infinity;
  let measureTo = -Infinity;
  let deliveredInWindow = 0;
  const set = await SocketSet.open(world, world.groupMembers, ledger, (kind, _record, at) => {
    if (kind === 'receiver' && at >= measureFrom && at < measureTo) deliveredInWindow++;
  });
  ledger.addConversation(world.group.id, set.sockets);
  const senders = set.sockets.slice(0, spec.senders).map((socket) => ({ socket, conversationId: world.group.id }));
  const out = await runClosedLoop({
    id: spec.id,
    ledger,
    senders,
    window: spec.window,
    timing,
    maxMessages: 200_000,
    watched: world.watched,
    onWindow: (from, to) => {
      measureFrom = from;
      measureTo = to;
    },
  });
  await ledger.settle(10_000);
  const delivery = ledger.report();
  const problems = [...(await set.close()), ...closedLoopProblems(spec.id, out, timing.drainMs)];

  const members = world.groupMembers.length;
  return {
    id: spec.id,
    scenario: `fan-out, ${members}-member group, ${spec.senders} senders x window ${spec.window}`,
    value: deliveredInWindow / out.windowSeconds,
    unit: 'deliveries/s',
    notes: [
      `${formatValue(out.ackedInWindow / out.windowSeconds)} msgs/s acked`,
      `send->ack ${formatPercentiles(out.ackLatency.summary())}`,
      formatUsage(out.usage),
      describeDelivery(delivery),
    ],
    delivery,
    usage: out.usage,
    problems,
  };
}
