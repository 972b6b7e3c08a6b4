// The side-by-side scenarios, written once against CompareTarget so Anytime, ejabberd and
// Prosody run exactly the same code and are driven by the same load pool (worker threads, each
// owning a share of the connections): (1) idle connections per GiB, (3) durable 1:1 messages,
// (4) group fan-out, (5) send->deliver latency at fixed rates (open loop). They reuse the
// split delivery ledger, the merged HdrHistograms and the open-loop timetable.
import { describeDelivery, type DeliveryReport } from '../delivery-ledger.js';
import { formatCounts, formatPercentiles, formatUsage, formatValue } from '../format.js';
import { LoadPool } from '../pool/load-pool.js';
import type { SenderSpec } from '../pool/messages.js';
import { commandCpuSeconds, cpuSeconds, memory, type Watched } from '../proc-stats.js';
import { sleep, type Timing } from '../timing.js';
import { connectionsPerGib, cpuSecondsOf, perCpuSecond, type Metric } from './metrics.js';
import type { CompareTarget } from './target.js';

export interface CompareOutcome {
  scenario: string;
  metrics: Metric[];
  notes: string[];
  problems: string[];
  /** CPU of every other process on the machine during the measured window, % of one core. */
  otherCpuPercent?: number | undefined;
}

/** CPU-seconds of the server (and of PostgreSQL, when watched) between construction and stop(). */
class CpuMeter {
  private readonly server: number | undefined;
  private readonly database: Map<number, number> | undefined;
  constructor(private readonly watched: Watched) {
    this.server = cpuSeconds(watched.serverPid);
    if (watched.databaseCommand) this.database = commandCpuSeconds(watched.databaseCommand, watched.databaseName);
  }
  stop(): { server: number | undefined; database: number | undefined } {
    const end = cpuSeconds(this.watched.serverPid);
    let database: number | undefined;
    if (this.database && this.watched.databaseCommand) {
      database = 0;
      for (const [pid, s] of commandCpuSeconds(this.watched.databaseCommand, this.watched.databaseName))
        database += s - (this.database.get(pid) ?? 0);
    }
    return { server: end === undefined || this.server === undefined ? undefined : end - this.server, database };
  }
}

/** Opens the target's first `n` direct-chat pairs, each pair in one worker; returns the senders. */
async function openPairs(pool: LoadPool, target: CompareTarget, n: number): Promise<SenderSpec[]> {
  const pairs = target.pairs(n);
  const indices = await pool.open([...pairs.map((p) => p.sender), ...pairs.map((p) => p.receiver)], {
    concurrency: 32,
    workerOf: (i) => i % n,
  });
  const senders: SenderSpec[] = [];
  for (const [i, p] of pairs.entries()) {
    await pool.conversation(p.conversationId, [indices[i] ?? -1, indices[n + i] ?? -1]);
    senders.push({ socket: indices[i] ?? -1, conversationId: p.conversationId });
  }
  return senders;
}

const deliveryProblems = (id: string, r: DeliveryReport) =>
  r.ok ? [] : [`${id}: delivery check failed: ${describeDelivery(r)}`];

/** Connections opened and closed before (1) measures, so one-time costs (lazy loading, first heap growth) stay out of it. */
export const IDLE_WARMUP = 200;

/**
 * (1) Opens `n` idle connections on a fresh server (after a warm-up batch of IDLE_WARMUP opened
 * and closed): RSS growth per connection, login CPU. The target needs n + IDLE_WARMUP idle users.
 */
export async function idleConnections(target: CompareTarget, n: number, workers: number): Promise<CompareOutcome> {
  const pid = target.watched.serverPid;
  return LoadPool.with(workers, async (pool) => {
    await pool.open(target.idle(n, IDLE_WARMUP), { concurrency: 32 });
    await pool.close();
    await sleep(1_000);
    const before = memory(pid)?.rss ?? 0;
    const cpu = new CpuMeter(target.watched);
    const started = performance.now();
    await pool.open(target.idle(0, n), { concurrency: 32 });
    const loginSeconds = (performance.now() - started) / 1000;
    const used = cpu.stop();
    await sleep(2_000);
    const after = memory(pid)?.rss ?? 0;
    const problems = await pool.close();
    const loginCpu = (used.server ?? 0) + (used.database ?? 0);
    const perGib = connectionsPerGib(n, before, after);
    const metrics: Metric[] = [];
    if (perGib !== undefined) {
      metrics.push({
        key: 'idle-per-gib',
        label: 'idle authenticated connections per GiB of server RSS',
        value: perGib,
        unit: 'connections/GiB',
        higherIsBetter: true,
        headline: true,
      });
    }
    const logins = perCpuSecond(n, used.server === undefined ? undefined : loginCpu);
    if (logins !== undefined) {
      metrics.push({
        key: 'logins-per-cpu',
        label: 'logins (connect, authenticate, presence/sync) per server CPU-second',
        value: logins,
        unit: 'logins/CPU-s',
        higherIsBetter: true,
        headline: true,
      });
    }
    return {
      scenario: `(1) ${formatValue(n)} idle connections`,
      metrics,
      notes: [
        `RSS ${formatValue(before / 2 ** 20)} -> ${formatValue(after / 2 ** 20)} MiB (${formatValue((after - before) / n / 1024)} KiB per connection)`,
        `${formatValue(n)} logins in ${loginSeconds.toFixed(1)} s using ${loginCpu.toFixed(2)} server CPU-s` +
          (used.database !== undefined ? ` (PostgreSQL ${used.database.toFixed(2)} s of it)` : ''),
      ],
      problems,
    };
  });
}

/** (3) Durable 1:1 messages: `pairs` senders, each `window` outstanding, closed loop. */
export async function durableDirect(
  target: CompareTarget,
  spec: { pairs: number; window: number },
  timing: Timing,
  workers: number,
): Promise<CompareOutcome> {
  return LoadPool.with(workers, async (pool) => {
    const senders = await openPairs(pool, target, spec.pairs);
    const out = await pool.closedLoop({
      id: 'dm',
      senders,
      window: spec.window,
      timing,
      maxMessages: 5_000_000,
      watched: target.watched,
    });
    await pool.settle(10_000);
    const r = await pool.report();
    const problems = [...(await pool.close()), ...deliveryProblems('durable', r.delivery)];
    if (!out.drained) problems.push('durable: some sends were still unanswered after sending stopped');
    if (r.errorCodes.size) problems.push(`durable: refusals: ${formatCounts(r.errorCodes)}`);
    const rate = r.ackedInWindow / out.windowSeconds;
    const cpu = cpuSecondsOf([out.usage.cpuPercent, out.usage.databaseCpuPercent], out.windowSeconds);
    const metrics: Metric[] = [
      {
        key: 'durable-rate',
        label: 'durable 1:1 messages/s (acked)',
        value: rate,
        unit: 'msgs/s',
        higherIsBetter: true,
        headline: false,
      },
    ];
    const per = perCpuSecond(r.ackedInWindow, cpu);
    if (per !== undefined) {
      metrics.push({
        key: 'durable-per-cpu',
        label: 'durable 1:1 messages per server CPU-second',
        value: per,
        unit: 'msgs/CPU-s',
        higherIsBetter: true,
        headline: true,
      });
    }
    return {
      scenario: `(3) durable 1:1 messages, ${spec.pairs} pairs x window ${spec.window}`,
      metrics,
      notes: [
        `${formatValue(rate)} msgs/s`,
        `send->ack ${formatPercentiles(r.ackLatency.summary())}`,
        formatUsage(out.usage),
        describeDelivery(r.delivery),
      ],
      problems,
      otherCpuPercent: out.usage.otherCpuPercent,
    };
  });
}

/** (4) Fan-out: every member of the group connected, `senders` of them sending closed loop. */
export async function groupFanOut(
  target: CompareTarget,
  spec: { senders: number; window: number },
  timing: Timing,
  workers: number,
): Promise<CompareOutcome> {
  return LoadPool.with(workers, async (pool) => {
    const group = target.group();
    const sockets = await pool.open(group.members, { concurrency: 32 });
    const conversationId = group.conversationId;
    if (group.joinRoom) await pool.joinRoom(conversationId, sockets, true);
    await pool.conversation(conversationId, sockets);
    const out = await pool.closedLoop({
      id: 'fan',
      senders: sockets.slice(0, spec.senders).map((socket) => ({ socket, conversationId })),
      window: spec.window,
      timing,
      maxMessages: 1_000_000,
      watched: target.watched,
    });
    await pool.settle(20_000);
    const r = await pool.report();
    const problems = [...(await pool.close()), ...deliveryProblems('fan-out', r.delivery)];
    if (!out.drained) problems.push('fan-out: some sends were still unanswered after sending stopped');
    if (r.errorCodes.size) problems.push(`fan-out: refusals: ${formatCounts(r.errorCodes)}`);
    const delivered = r.deliveredInWindow;
    const rate = delivered / out.windowSeconds;
    const cpu = cpuSecondsOf([out.usage.cpuPercent, out.usage.databaseCpuPercent], out.windowSeconds);
    const metrics: Metric[] = [
      {
        key: 'fanout-rate',
        label: 'group deliveries/s',
        value: rate,
        unit: 'deliveries/s',
        higherIsBetter: true,
        headline: false,
      },
    ];
    const per = perCpuSecond(delivered, cpu);
    if (per !== undefined) {
      metrics.push({
        key: 'fanout-per-cpu',
        label: `group deliveries per server CPU-second (${sockets.length} members)`,
        value: per,
        unit: 'deliveries/CPU-s',
        higherIsBetter: true,
        headline: true,
      });
    }
    return {
      scenario: `(4) fan-out, ${sockets.length}-member group, ${spec.senders} senders x window ${spec.window}`,
      metrics,
      notes: [
        `${formatValue(rate)} deliveries/s, ${formatValue(r.ackedInWindow / out.windowSeconds)} msgs/s acked`,
        `send->ack ${formatPercentiles(r.ackLatency.summary())}`,
        formatUsage(out.usage),
        describeDelivery(r.delivery),
      ],
      problems,
      otherCpuPercent: out.usage.otherCpuPercent,
    };
  });
}

/** (5) Send->deliver latency at a fixed rate over `senders` direct chats (open loop, from the due time). */
export async function fixedRateLatency(
  target: CompareTarget,
  spec: { senders: number; rate: number },
  timing: Timing,
  workers: number,
): Promise<CompareOutcome> {
  return LoadPool.with(workers, async (pool) => {
    const senders = await openPairs(pool, target, spec.senders);
    // The id is unique per rate: Anytime treats a repeated clientId in a conversation as a retry (idempotent).
    const out = await pool.openLoop({
      id: `lat${spec.rate}`,
      senders,
      ratePerSecond: spec.rate,
      timing,
      watched: target.watched,
    });
    const usage = out.usage;
    const windowSeconds = out.windowSeconds;
    const worstLag = out.worstLagMs;
    await pool.settle(10_000);
    const rep = await pool.report();
    const delivery = rep.delivery;
    const deliver = rep.deliverLatency;
    const ackedMeasured = rep.ackedInWindow;
    const problems = [...(await pool.close()), ...deliveryProblems(`latency ${spec.rate}/s`, delivery)];
    if (!out.drained) problems.push(`latency ${spec.rate}/s: some sends were still unanswered after sending stopped`);
    if (rep.errorCodes.size) problems.push(`latency ${spec.rate}/s: refusals: ${formatCounts(rep.errorCodes)}`);
    const cpu = cpuSecondsOf([usage.cpuPercent, usage.databaseCpuPercent], windowSeconds);
    const d = deliver.summary();
    const p999 = deliver.percentileMs(99.9);
    const r = spec.rate;
    const metrics: Metric[] = [
      {
        key: `latency-${r}-p50`,
        label: `send->deliver p50 at ${r} msgs/s`,
        value: d.p50,
        unit: 'ms',
        higherIsBetter: false,
        headline: false,
      },
      {
        key: `latency-${r}-p99`,
        label: `send->deliver p99 at ${r} msgs/s`,
        value: d.p99,
        unit: 'ms',
        higherIsBetter: false,
        headline: true,
      },
      {
        key: `latency-${r}-p999`,
        label: `send->deliver p99.9 at ${r} msgs/s`,
        value: p999,
        unit: 'ms',
        higherIsBetter: false,
        headline: false,
      },
    ];
    const per = perCpuSecond(ackedMeasured, cpu);
    if (per !== undefined) {
      metrics.push({
        key: `latency-${r}-per-cpu`,
        label: `messages per server CPU-second at a fixed ${r} msgs/s`,
        value: per,
        unit: 'msgs/CPU-s',
        higherIsBetter: true,
        headline: true,
      });
    }
    return {
      scenario: `(5) send->deliver at a fixed ${r} msgs/s over ${spec.senders} direct chats (open loop)`,
      metrics,
      notes: [
        `send->deliver ${formatPercentiles(d)}, p99.9 ${formatValue(p999)} ms (${formatValue(d.count)} deliveries)`,
        `worst send lag behind the timetable ${formatValue(worstLag)} ms`,
        formatUsage(usage),
        describeDelivery(delivery),
      ],
      problems,
      otherCpuPercent: usage.otherCpuPercent,
    };
  });
}
