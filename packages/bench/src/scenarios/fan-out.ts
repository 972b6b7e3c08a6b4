// Scenario d: fan-out in a group whose members are all connected: a few members send closed
// loop, and the deliveries of `message.created` to the other members are counted per second.
// The members' sockets are spread round robin over the load workers, the senders with them.
import { describeDelivery, type DeliveryReport } from '../delivery-ledger.js';
import { formatPercentiles, formatUsage, formatValue } from '../format.js';
import type { LatencyHistogram } from '../histogram.js';
import type { BenchUser } from '../http-client.js';
import { LoadPool, type PoolLoop } from '../pool/load-pool.js';
import type { Timing } from '../timing.js';
import { loopProblems } from './closed-loop.js';
import type { ScenarioResult } from './result.js';
import type { BenchWorld } from './world.js';

export interface FanOutSpec {
  id: string;
  senders: number;
  window: number;
}

/** What a measured group fan-out gives its scenario. */
export interface GroupFanOut {
  out: PoolLoop;
  /** Messages acked inside the measured window. */
  ackedInWindow: number;
  ackLatency: LatencyHistogram;
  /** Deliveries to receivers inside the measured window, and their send->deliver times. */
  deliveredInWindow: number;
  deliverLatency: LatencyHistogram;
  delivery: DeliveryReport;
  problems: string[];
  /** Seconds to open the sockets. */
  connectSeconds: number;
}

/**
 * Opens a socket for each of `users` (members of `groupId`), has the first `spec.senders` of
 * them send closed loop into the group, and counts the deliveries to the others in the measured
 * window, with each one's send->deliver time.
 */
export async function measureGroupFanOut(
  world: BenchWorld,
  users: readonly BenchUser[],
  groupId: string,
  spec: FanOutSpec,
  timing: Timing,
  opts: { settleMs: number },
): Promise<GroupFanOut> {
  return LoadPool.with(world.loadWorkers, async (pool) => {
    const connectStart = performance.now();
    const members = await pool.open(users.map((user) => ({ kind: 'anytime', wsUrl: world.server.wsUrl, user })));
    const connectSeconds = (performance.now() - connectStart) / 1000;
    await pool.conversation(groupId, members);
    const out = await pool.closedLoop({
      id: spec.id,
      senders: members.slice(0, spec.senders).map((socket) => ({ socket, conversationId: groupId })),
      window: spec.window,
      timing,
      maxMessages: 200_000,
      watched: world.watched,
    });
    await pool.settle(opts.settleMs);
    const r = await pool.report();
    const problems = [
      ...(await pool.close()),
      ...loopProblems(spec.id, { drained: out.drained, errorCodes: r.errorCodes }, timing.drainMs),
    ];
    return {
      out,
      ackedInWindow: r.ackedInWindow,
      ackLatency: r.ackLatency,
      deliveredInWindow: r.deliveredInWindow,
      deliverLatency: r.deliverLatency,
      delivery: r.delivery,
      problems,
      connectSeconds,
    };
  });
}

export async function runFanOut(world: BenchWorld, spec: FanOutSpec, timing: Timing): Promise<ScenarioResult> {
  const { out, ackedInWindow, ackLatency, deliveredInWindow, delivery, problems } = await measureGroupFanOut(
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
      `${formatValue(ackedInWindow / out.windowSeconds)} msgs/s acked`,
      `send->ack ${formatPercentiles(ackLatency.summary())}`,
      formatUsage(out.usage),
      describeDelivery(delivery),
    ],
    delivery,
    usage: out.usage,
    problems,
  };
}
