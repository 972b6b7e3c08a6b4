// Scenario j: two nodes against one (PostgreSQL + NATS only). The durable 1:1 load of b16 runs
// first against one node, then against two nodes of the same service (same database, same
// broker) with the users' sockets spread over both: sender i on node i mod 2, its receiver on
// node floor(i/2) mod 2, so half of the chats cross nodes. The value is the ratio of the two
// throughputs; both runs check every delivery as b16 does. The notes add the messages per
// CPU-second of the service (nodes + PostgreSQL) in both runs: the cost of clustering itself.
import { formatValue } from '../format.js';
import type { Timing } from '../timing.js';
import type { ScenarioResult } from './result.js';
import { runThroughput } from './throughput.js';
import type { BenchWorld } from './world.js';

export interface TwoNodesSpec {
  id: string;
  senders: number;
  window: number;
}

export async function runTwoNodes(world: BenchWorld, spec: TwoNodesSpec, timing: Timing): Promise<ScenarioResult> {
  if (!world.startAnotherNode) throw new Error(`${spec.id}: needs PostgreSQL and NATS (--database-url)`);
  const load = { senders: spec.senders, window: spec.window };
  const one = await runThroughput(world, { id: `${spec.id} (one node)`, ...load }, timing);
  const other = await world.startAnotherNode();
  let two: ScenarioResult;
  try {
    const urls = [world.server.wsUrl, other.wsUrl] as const;
    const nodeOf = (i: number) => (i < spec.senders ? i % 2 : Math.floor((i - spec.senders) / 2) % 2);
    two = await runThroughput(
      world,
      {
        id: `${spec.id} (two nodes)`,
        ...load,
        wsUrlFor: (i) => urls[nodeOf(i)]!,
        watched: { ...world.watched, moreServerPids: [other.pid] },
      },
      timing,
    );
  } finally {
    await other.stop();
  }
  const ratio = one.value > 0 ? two.value / one.value : 0;
  // What scales on a machine with a core per node: the messages each CPU-second of the service
  // (its nodes and PostgreSQL) carries, alone and as two nodes (on a 2-core machine the two
  // nodes cannot get more CPU than one, so the ratio above measures the machine).
  const perCpu = (r: ScenarioResult) => {
    const cpu = (r.usage?.cpuPercent ?? 0) + (r.usage?.databaseCpuPercent ?? 0);
    return cpu > 0 ? r.value / (cpu / 100) : 0;
  };
  const [oneCpu, twoCpu] = [perCpu(one), perCpu(two)];
  const efficiency = oneCpu > 0 ? `${(twoCpu / oneCpu).toFixed(2)}x` : 'n/a';
  return {
    id: spec.id,
    scenario: `two nodes vs one, durable sends, ${spec.senders} senders x window ${spec.window} (PostgreSQL + NATS)`,
    value: ratio,
    unit: 'x',
    notes: [
      `one node ${formatValue(one.value)} msgs/s (${one.notes.join('; ')})`,
      `two nodes ${formatValue(two.value)} msgs/s, half of the chats across nodes (${two.notes.join('; ')})`,
      `per CPU-second of the nodes and PostgreSQL: one node ${formatValue(oneCpu)}, two nodes ${formatValue(twoCpu)} msgs (${efficiency})`,
    ],
    delivery: {
      ...two.delivery,
      ok: one.delivery.ok && two.delivery.ok,
    },
    usage: two.usage,
    problems: [...one.problems, ...two.problems],
  };
}
