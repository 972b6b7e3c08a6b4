// Scenarios a and b: durable messages per second from N senders, each in its own direct
// chat with its own receiver, closed loop with a window of outstanding sends, driven by the
// load pool (each pair in one worker).
import { describeDelivery } from '../delivery-ledger.js';
import { formatPercentiles, formatUsage } from '../format.js';
import { LoadPool } from '../pool/load-pool.js';
import type { Watched } from '../proc-stats.js';
import type { Timing } from '../timing.js';
import { loopProblems } from './closed-loop.js';
import { openDirectPairs } from './direct-pairs.js';
import type { ScenarioResult } from './result.js';
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
  return LoadPool.with(world.loadWorkers, async (pool) => {
    const senders = await openDirectPairs(pool, world, spec.senders, spec.wsUrlFor);
    const out = await pool.closedLoop({
      id: spec.id,
      senders,
      window: spec.window,
      timing,
      maxMessages: 2_000_000,
      watched: spec.watched ?? world.watched,
    });
    await pool.settle(5_000);
    const r = await pool.report();
    const problems = [
      ...(await pool.close()),
      ...loopProblems(spec.id, { drained: out.drained, errorCodes: r.errorCodes }, timing.drainMs),
    ];
    const noun = spec.senders === 1 ? 'sender' : 'senders';
    return {
      id: spec.id,
      scenario: `durable sends, ${spec.senders} ${noun}, window ${spec.window}`,
      value: r.ackedInWindow / out.windowSeconds,
      unit: 'msgs/s',
      notes: [
        `send->ack ${formatPercentiles(r.ackLatency.summary())}`,
        formatUsage(out.usage),
        describeDelivery(r.delivery),
      ],
      delivery: r.delivery,
      usage: out.usage,
      problems,
    };
  });
}
