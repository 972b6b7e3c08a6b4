// Scenario g: a login storm: many clients sign in at once (each login is a new device: a
// password check and a write), closed loop with fixed concurrency for the measured window.
// The password hash cost is the bench server's (PASSWORD_HASH_COST, see main.ts), so this
// measures the request path around the hash more than scrypt itself.
import { DeliveryLedger } from '../delivery-ledger.js';
import { formatCounts, formatPercentiles, formatUsage, formatValue } from '../format.js';
import { LatencyHistogram } from '../histogram.js';
import { HttpError, login } from '../http-client.js';
import { ResourceMonitor } from '../proc-stats.js';
import { sleep, type Timing } from '../timing.js';
import type { ScenarioResult } from './result.js';
import type { BenchWorld } from './world.js';

export interface LoginStormSpec {
  id: string;
  concurrency: number;
}

export async function runLoginStorm(world: BenchWorld, spec: LoginStormSpec, timing: Timing): Promise<ScenarioResult> {
  const users = [...world.senders, ...world.receivers];
  const latency = new LatencyHistogram();
  const failures = new Map<string, number>();
  const measureFrom = performance.now() + timing.warmupMs;
  const measureTo = measureFrom + timing.durationMs;
  let inWindow = 0;
  let n = 0;
  const worker = async () => {
    while (performance.now() < measureTo) {
      const user = users[n++ % users.length]!;
      const started = performance.now();
      try {
        await login(world.server.baseUrl, user.username);
        const done = performance.now();
        if (started >= measureFrom && done < measureTo) {
          inWindow++;
          latency.recordMs(done - started);
        }
      } catch (e) {
        const why = e instanceof HttpError ? `HTTP ${e.status}` : (e as Error).message;
        failures.set(why, (failures.get(why) ?? 0) + 1);
      }
    }
  };
  const workers = Array.from({ length: spec.concurrency }, worker);
  await sleep(measureFrom - performance.now());
  const monitor = new ResourceMonitor(world.watched);
  await Promise.all(workers);
  const usage = monitor.stop();
  const problems = failures.size ? [`${spec.id}: failed logins: ${formatCounts(failures)}`] : [];
  return {
    id: spec.id,
    scenario: `login storm, ${spec.concurrency} concurrent clients`,
    value: inWindow / (timing.durationMs / 1000),
    unit: 'logins/s',
    notes: [`login latency ${formatPercentiles(latency.summary())}`, formatUsage(usage), `${formatValue(n)} logins`],
    delivery: new DeliveryLedger().report(),
    usage,
    problems,
  };
}
