// Scenario e: fan-out in a very large group (10,000 members in a full run) of which only some
// are connected (2,000), as in real groups where most members are offline. A few connected
// members send closed loop; deliveries per second to the connected members and the
// send->deliver latency of every delivery are measured. Offline members get nothing pushed but
// their events are stored for their next sync, which is part of the cost being measured.
import { describeDelivery } from '../delivery-ledger.js';
import { formatPercentiles, formatUsage, formatValue } from '../format.js';
import { createConversation, registerMany } from '../http-client.js';
import type { Timing } from '../timing.js';
import { measureGroupFanOut, type FanOutSpec } from './fan-out.js';
import type { ScenarioResult } from './result.js';
import type { BenchWorld } from './world.js';

export async function runBigGroup(world: BenchWorld, spec: FanOutSpec, timing: Timing): Promise<ScenarioResult> {
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

  const fan = await measureGroupFanOut(world, users.slice(0, connected), group.id, spec, timing, {
    settleMs: 20_000,
  });
  const { out, deliveredInWindow, delivery, problems, connectSeconds, ackLatency } = fan;
  const latency = fan.deliverLatency;

  return {
    id: spec.id,
    scenario: `fan-out, ${formatValue(members)}-member group, ${formatValue(connected)} connected, ${spec.senders} senders x window ${spec.window}`,
    value: deliveredInWindow / out.windowSeconds,
    unit: 'deliveries/s',
    notes: [
      `${formatValue(fan.ackedInWindow / out.windowSeconds)} msgs/s acked`,
      `send->deliver ${formatPercentiles(latency.summary())} (closed loop: includes queueing at saturation)`,
      `send->ack ${formatPercentiles(ackLatency.summary())}`,
      `setup: ${formatValue(members)} users and the group in ${setupSeconds.toFixed(1)} s, ${formatValue(connected)} sockets connected in ${connectSeconds.toFixed(1)} s`,
      formatUsage(out.usage),
      describeDelivery(delivery),
    ],
    delivery,
    usage: out.usage,
    latency: { deliver: latency.summary(), ack: ackLatency.summary() },
    problems,
  };
}
