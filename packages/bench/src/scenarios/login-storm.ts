// Scenario g: a login storm: many clients sign in at once (each login is a new device: a
// password check and a write), closed loop with fixed concurrency for the measured window,
// the clients spread over the load workers (each signing in its own share of the users).
// The password hash cost is the bench server's (PASSWORD_HASH_COST, see main.ts), so this
// measures the request path around the hash more than scrypt itself.
import { sharedNow } from '../clock.js';
import { DeliveryLedger } from '../delivery-ledger.js';
import { formatCounts, formatPercentiles, formatUsage, formatValue } from '../format.js';
import { LoadPool } from '../pool/load-pool.js';
import { ResourceMonitor } from '../proc-stats.js';
import { sleep, type Timing } from '../timing.js';
import type { ScenarioResult } from './result.js';
import type { BenchWorld } from './world.js';

export interface LoginStormSpec {
  id: string;
  concurrency: number;
}

export async function runLoginStorm(world: BenchWorld, spec: LoginStormSpec, timing: Timing): Promise<ScenarioResult> {
  const usernames = [...world.senders, ...world.receivers].map((u) => u.username);
  return LoadPool.with(world.loadWorkers, async (pool) => {
    const from = sharedNow() + timing.warmupMs;
    const to = from + timing.durationMs;
    const storm = pool.loginStorm({
      baseUrl: world.server.baseUrl,
      usernames,
      concurrency: spec.concurrency,
      from,
      to,
    });
    await sleep(from - sharedNow());
    const monitor = new ResourceMonitor(world.watched);
    const done = await storm;
    const usage = monitor.stop();
    const problems = done.failures.size ? [`${spec.id}: failed logins: ${formatCounts(done.failures)}`] : [];
    return {
      id: spec.id,
      scenario: `login storm, ${spec.concurrency} concurrent clients`,
      value: done.inWindow / (timing.durationMs / 1000),
      unit: 'logins/s',
      notes: [
        `login latency ${formatPercentiles(done.latency.summary())}`,
        formatUsage(usage),
        `${formatValue(done.attempts)} logins`,
      ],
      delivery: new DeliveryLedger().report(),
      usage,
      problems,
    };
  });
}
