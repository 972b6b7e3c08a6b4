// The side-by-side scenarios, written once against CompareTarget so Anytime, ejabberd and
// Prosody run exactly the same code: (1) idle connections per GiB, (3) durable 1:1 messages,
// (4) group fan-out, (5) send->deliver latency at fixed rates (open loop). They reuse the
// delivery ledger, the HdrHistogram, the closed-loop engine and the open-loop timetable.
import { DeliveryLedger, describeDelivery } from '../delivery-ledger.js';
import { formatCounts, formatPercentiles, formatUsage, formatValue } from '../format.js';
import { LatencyHistogram } from '../histogram.js';
import type { LoadSocket } from '../load-socket.js';
import { commandCpuSeconds, cpuSeconds, memory, ResourceMonitor, type Watched } from '../proc-stats.js';
import { runClosedLoop } from '../scenarios/closed-loop.js';
import { MESSAGE_TEXT } from '../scenarios/message-text.js';
import { fixedRateSchedule } from '../scenarios/open-loop-schedule.js';
import { sleep, waitUntil, type Timing } from '../timing.js';
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
    if (watched.databaseCommand) this.database = commandCpuSeconds(watched.databaseCommand);
  }
  stop(): { server: number | undefined; database: number | undefined } {
    const end = cpuSeconds(this.watched.serverPid);
    let database: number | undefined;
    if (this.database && this.watched.databaseCommand) {
      database = 0;
      for (const [pid, s] of commandCpuSeconds(this.watched.databaseCommand))
        database += s - (this.database.get(pid) ?? 0);
    }
    return { server: end === undefined || this.server === undefined ? undefined : end - this.server, database };
  }
}

function wireDeliveries<S extends LoadSocket>(
  sockets: readonly S[],
  ledger: DeliveryLedger<S>,
  onReceiver?: (due: number, at: number) => void,
): void {
  for (const socket of sockets) {
    socket.onDelivered = (m, at) => {
      const d = ledger.deliveredMessage(socket, m);
      if (d.kind === 'receiver' && d.record) onReceiver?.(d.record.due, at);
    };
  }
}

const deliveryProblems = (id: string, r: ReturnType<DeliveryLedger['report']>) =>
  r.ok ? [] : [`${id}: delivery check failed: ${describeDelivery(r)}`];

/** Connections opened and closed before (1) measures, so one-time costs (lazy loading, first heap growth) stay out of it. */
export const IDLE_WARMUP = 200;

/**
 * (1) Opens `n` idle connections on a fresh server (after a warm-up batch of IDLE_WARMUP opened
 * and closed): RSS growth per connection, login CPU. The target needs n + IDLE_WARMUP idle users.
 */
export async function idleConnections<S extends LoadSocket>(
  target: CompareTarget<S>,
  n: number,
): Promise<CompareOutcome> {
  const pid = target.watched.serverPid;
  const warm = await target.openIdle(n, IDLE_WARMUP);
  await Promise.all(warm.map((s) => s.close()));
  await sleep(1_000);
  const before = memory(pid)?.rss ?? 0;
  const cpu = new CpuMeter(target.watched);
  const started = performance.now();
  const sockets = await target.openIdle(0, n);
  const loginSeconds = (performance.now() - started) / 1000;
  const used = cpu.stop();
  await sleep(2_000);
  const after = memory(pid)?.rss ?? 0;
  const problems = target.takeProblems(sockets);
  await Promise.all(sockets.map((s) => s.close()));
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
}

/** (3) Durable 1:1 messages: `pairs` senders, each `window` outstanding, closed loop. */
export async function durableDirect<S extends LoadSocket>(
  target: CompareTarget<S>,
  spec: { pairs: number; window: number },
  timing: Timing,
): Promise<CompareOutcome> {
  const pairs = await target.openPairs(spec.pairs);
  const sockets = pairs.flatMap((p) => [p.sender, p.receiver]);
  const ledger = new DeliveryLedger<S>();
  for (const p of pairs) ledger.addConversation(p.conversationId, [p.sender, p.receiver]);
  wireDeliveries(sockets, ledger);
  const out = await runClosedLoop({
    id: 'dm',
    ledger,
    senders: pairs.map((p) => ({ socket: p.sender, conversationId: p.conversationId })),
    window: spec.window,
    timing,
    maxMessages: 5_000_000,
    watched: target.watched,
  });
  await ledger.settle(10_000);
  const delivery = ledger.report();
  const problems = [...target.takeProblems(sockets), ...deliveryProblems('durable', delivery)];
  if (!out.drained) problems.push('durable: some sends were still unanswered after sending stopped');
  if (out.errorCodes.size) problems.push(`durable: refusals: ${formatCounts(out.errorCodes)}`);
  await Promise.all(sockets.map((s) => s.close()));
  const rate = out.ackedInWindow / out.windowSeconds;
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
  const per = perCpuSecond(out.ackedInWindow, cpu);
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
      `send->ack ${formatPercentiles(out.ackLatency.summary())}`,
      formatUsage(out.usage),
      describeDelivery(delivery),
    ],
    problems,
    otherCpuPercent: out.usage.otherCpuPercent,
  };
}

/** (4) Fan-out: every member of the group connected, `senders` of them sending closed loop. */
export async function groupFanOut<S extends LoadSocket>(
  target: CompareTarget<S>,
  spec: { senders: number; window: number },
  timing: Timing,
): Promise<CompareOutcome> {
  const { sockets, conversationId } = await target.openGroup();
  const ledger = new DeliveryLedger<S>();
  ledger.addConversation(conversationId, sockets);
  let from = Infinity;
  let to = -Infinity;
  let delivered = 0;
  wireDeliveries(sockets, ledger, (_due, at) => {
    if (at >= from && at < to) delivered++;
  });
  const out = await runClosedLoop({
    id: 'fan',
    ledger,
    senders: sockets.slice(0, spec.senders).map((socket) => ({ socket, conversationId })),
    window: spec.window,
    timing,
    maxMessages: 1_000_000,
    watched: target.watched,
    onWindow: (f, t) => {
      from = f;
      to = t;
    },
  });
  await ledger.settle(20_000);
  const delivery = ledger.report();
  const problems = [...target.takeProblems(sockets), ...deliveryProblems('fan-out', delivery)];
  if (!out.drained) problems.push('fan-out: some sends were still unanswered after sending stopped');
  if (out.errorCodes.size) problems.push(`fan-out: refusals: ${formatCounts(out.errorCodes)}`);
  await Promise.all(sockets.map((s) => s.close()));
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
      `${formatValue(rate)} deliveries/s, ${formatValue(out.ackedInWindow / out.windowSeconds)} msgs/s acked`,
      `send->ack ${formatPercentiles(out.ackLatency.summary())}`,
      formatUsage(out.usage),
      describeDelivery(delivery),
    ],
    problems,
    otherCpuPercent: out.usage.otherCpuPercent,
  };
}

/** (5) Send->deliver latency at a fixed rate over `senders` direct chats (open loop, from the due time). */
export async function fixedRateLatency<S extends LoadSocket>(
  target: CompareTarget<S>,
  spec: { senders: number; rate: number },
  timing: Timing,
): Promise<CompareOutcome> {
  const pairs = await target.openPairs(spec.senders);
  const sockets = pairs.flatMap((p) => [p.sender, p.receiver]);
  const ledger = new DeliveryLedger<S>();
  for (const p of pairs) ledger.addConversation(p.conversationId, [p.sender, p.receiver]);
  const deliver = new LatencyHistogram();
  const start = performance.now() + 50;
  const measureFrom = start + timing.warmupMs;
  wireDeliveries(sockets, ledger, (due, at) => {
    if (due >= measureFrom) deliver.recordMs(at - due);
  });
  const errorCodes = new Map<string, number>();
  let outstanding = 0;
  let ackedMeasured = 0;
  for (const p of pairs) {
    p.sender.onAcked = (id) => {
      const r = ledger.acked(id);
      if (!r) return;
      outstanding--;
      if (r.due >= measureFrom) ackedMeasured++;
    };
    p.sender.onRefused = (code, id) => {
      errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1);
      if (id !== undefined && ledger.failed(id)) outstanding--;
    };
  }
  const schedule = fixedRateSchedule(start, spec.rate, timing.warmupMs + timing.latencyDurationMs);
  let next = 0;
  let worstLag = 0;
  let monitor: ResourceMonitor | undefined;
  let monitorFrom = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      if (!monitor && now >= measureFrom) {
        monitor = new ResourceMonitor(target.watched);
        monitorFrom = now;
      }
      for (const due = schedule.dueBy(now); next < due; next++) {
        const dueAt = schedule.dueAt(next);
        worstLag = Math.max(worstLag, now - dueAt);
        const pair = pairs[next % pairs.length];
        if (!pair) continue;
        // Unique per rate: Anytime treats a repeated clientId in a conversation as a retry (idempotent).
        const clientId = `lat${spec.rate}-${next}`;
        ledger.sent(clientId, pair.conversationId, pair.sender, dueAt);
        outstanding++;
        pair.sender.sendText(pair.conversationId, clientId, MESSAGE_TEXT);
      }
      if (next >= schedule.total) return done();
      setTimeout(tick, Math.max(0, schedule.dueAt(next) - performance.now()));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  const windowSeconds = (performance.now() - monitorFrom) / 1000;
  const usage = (monitor ?? new ResourceMonitor(target.watched)).stop();
  const drained = await waitUntil(() => outstanding === 0, timing.drainMs);
  await ledger.settle(10_000);
  const delivery = ledger.report();
  const problems = [...target.takeProblems(sockets), ...deliveryProblems(`latency ${spec.rate}/s`, delivery)];
  if (!drained) problems.push(`latency ${spec.rate}/s: some sends were still unanswered after sending stopped`);
  if (errorCodes.size) problems.push(`latency ${spec.rate}/s: refusals: ${formatCounts(errorCodes)}`);
  await Promise.all(sockets.map((s) => s.close()));
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
}
