// Scenario e: fan-out in a very large group (10,000 members in a full run) of which only some
// are connected (2,000), as in real groups where most members are offline. A few connected
// members send closed loop; deliveries per second to the connected members and the
// send->deliver latency of every delivery are measured. Offline members get nothing pushed but
// their events are stored for their next sync, which is part of the cost being measured.
import { DeliveryLedger, describeDelivery } from '../delivery-ledger.js';
import { formatPercentiles, formatUsage, formatValue } from '../format.js';
import { LatencyHistogram } from '../histogram.js';
import { createConversation, registerMany } from '../http-client.js';
import type { Timing } from '../timing.js';
import { closedLoopProblems, runClosedLoop } from './closed-loop.js';
import type { ScenarioResult } from './result.js';
import { SocketSet } from './socket-set.js';
import type { BenchWorld } from './world.js';

export interface BigGroupSpec {
  id: string;
  senders: number;
  window: number;
}

export async function runBigGroup(world: BenchWorld, spec: BigGroupSpec, timing: Timing): Promise<ScenarioResult> {
  const { members, connected } = timing.bigGroup;
  const setupStart = performance.now();
  const users = await registerMany(world.server.baseUrl, `bg${Date.now().toString(36)}_`, members, 16);
  const owner = users[0]!;
  const group = await createConversation(world.server.baseUrl, owner, {
    kind: 'group',
    title: `bench big group ${members}`,
    memberIds: users.slice(1).map((u) => u.id),
  });
  const setupSeconds = (performance.now() - setupStart) / 1000;

  const ledger = new DeliveryLedger();
  const latency = new LatencyHistogram();
  let measureFrom = Infinity;
  let measureTo = -Infinity;
  let deliveredInWindow = 0;
  const connectStart = performance.now();
  const set = await SocketSet.open(world, users.slice(0, connected), ledger, (kind, record, at) => {
    if (kind !== 'receiver' || at < measureFrom || at >= measureTo) return;
    deliveredInWindow++;
    if (record) latency.recordMs(at - record.due);
  });
  const connectSeconds = (performance.now() - connectStart) / 1000;
  ledger.addConversation(group.id, set.sockets);
  const senders = set.sockets.slice(0, spec.senders).map((socket) => ({ socket, conversationId: group.id }));
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
  await ledger.settle(20_000);
  const delivery = ledger.report();
  const problems = [...(await set.close()), ...closedLoopProblems(spec.id, out, timing.drainMs)];

  return {
    id: spec.id,
    scenario: `fan-out, ${formatValue(members)}-member group, ${formatValue(connected)} connected, ${spec.senders} senders x window ${spec.window}`,
    value: deliveredInWindow / out.windowSeconds,
    unit: 'deliveries/s',
    notes: [
      `${formatValue(out.ackedInWindow / out.windowSeconds)} msgs/s acked`,
      `send->deliver ${formatPercentiles(latency.summary())} (closed loop: includes queueing at saturation)`,
      `send->ack ${formatPercentiles(out.ackLatency.summary())}`,
      `setup: ${formatValue(members)} users and the group in ${setupSeconds.toFixed(1)} s, ${formatValue(connected)} sockets connected in ${connectSeconds.toFixed(1)} s`,
      formatUsage(out.usage),
      describeDelivery(delivery),
    ],
    delivery,
    usage: out.usage,
    latency: { deliver: latency.summary(), ack: out.ackLatency.summary() },
    problems,
  };
}
