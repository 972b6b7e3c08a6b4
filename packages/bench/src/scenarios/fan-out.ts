// Scenario d: fan-out in a group whose members are all connected: a few members send closed
// loop, and the deliveries of `message.created` to the other members are counted per second.
import { DeliveryLedger, describeDelivery, type DeliveryReport } from '../delivery-ledger.js';
import { formatPercentiles, formatUsage, formatValue } from '../format.js';
import type { Timing } from '../timing.js';
import type { LatencyHistogram } from '../histogram.js';
import type { BenchUser } from '../http-client.js';
import { closedLoopProblems, runClosedLoop, type ClosedLoopOutcome } from './closed-loop.js';
import type { ScenarioResult } from './result.js';
import { SocketSet } from './socket-set.js';
import type { BenchWorld } from './world.js';

export interface FanOutSpec {
  id: string;
  senders: number;
  window: number;
}

/** What a measured group fan-out gives its scenario. */
export interface GroupFanOut {
  out: ClosedLoopOutcome;
  /** Deliveries to receivers inside the measured window. */
  deliveredInWindow: number;
  delivery: DeliveryReport;
  problems: string[];
  /** Seconds to open the sockets. */
  connectSeconds: number;
}

/**
 * Opens a socket for each of `users` (members of `groupId`), has the first `spec.senders` of
 * them send closed loop into the group, and counts the deliveries to the others in the measured
 * window; with `latency`, each one's send->deliver time is recorded there too.
 */
export async function measureGroupFanOut(
  world: BenchWorld,
  users: readonly BenchUser[],
  groupId: string,
  spec: FanOutSpec,
  timing: Timing,
  opts: { settleMs: number; latency?: LatencyHistogram },
): Promise<GroupFanOut> {
  const ledger = new DeliveryLedger();
  let measureFrom = Infinity;
  let measureTo = -Infinity;
  let deliveredInWindow = 0;
  const connectStart = performance.now();
  const set = await SocketSet.open(world, users, ledger, (kind, record, at) => {
    if (kind !== 'receiver' || at < measureFrom || at >= measureTo) return;
    deliveredInWindow++;
    if (record) opts.latency?.recordMs(at - record.due);
  });
  const connectSeconds = (performance.now() - connectStart) / 1000;
  ledger.addConversation(groupId, set.sockets);
  const senders = set.sockets.slice(0, spec.senders).map((socket) => ({ socket, conversationId: groupId }));
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
  await ledger.settle(opts.settleMs);
  const delivery = ledger.report();
  const problems = [...(await set.close()), ...closedLoopProblems(spec.id, out, timing.drainMs)];
  return { out, deliveredInWindow, delivery, problems, connectSeconds };
}

export async function runFanOut(world: BenchWorld, spec: FanOutSpec, timing: Timing): Promise<ScenarioResult> {
  const { out, deliveredInWindow, delivery, problems } = await measureGroupFanOut(
    world,
    world.groupMembers,
    world.group.id,
    spec,
    timing,
    { settleMs: 10_000 },
  );
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
