// Scenario c: send->deliver and send->ack latency at a fixed rate (open loop), spread over
// several senders each in a direct chat with its own receiver. Latency is measured from the
// time each send was due, not when it went out, which corrects for coordinated omission.
import { DeliveryLedger, describeDelivery } from '../delivery-ledger.js';
import { formatCounts, formatMs, formatPercentiles, formatUsage, formatValue } from '../format.js';
import { LatencyHistogram } from '../histogram.js';
import { ResourceMonitor } from '../proc-stats.js';
import { sleep, waitUntil, type Timing } from '../timing.js';
import { MESSAGE_TEXT } from './message-text.js';
import { fixedRateSchedule } from './open-loop-schedule.js';
import type { ScenarioResult } from './result.js';
import { SocketSet } from './socket-set.js';
import type { BenchWorld } from './world.js';

export interface LatencySpec {
  id: string;
  senders: number;
  ratePerSecond: number;
}

export async function runLatency(world: BenchWorld, spec: LatencySpec, timing: Timing): Promise<ScenarioResult> {
  const ledger = new DeliveryLedger();
  const deliver = new LatencyHistogram();
  const ack = new LatencyHistogram();
  let measureFrom = Infinity;
  const set = await SocketSet.open(
    world,
    [...world.senders.slice(0, spec.senders), ...world.receivers.slice(0, spec.senders)],
    ledger,
    (kind, record, at) => {
      if (kind === 'receiver' && record && record.due >= measureFrom) deliver.recordMs(at - record.due);
    },
  );
  const senderSockets = set.sockets.slice(0, spec.senders);
  const receiverSockets = set.sockets.slice(spec.senders);
  const conversationIds = senderSockets.map((socket, i) => {
    const id = world.directs[i]?.id ?? '';
    ledger.addConversation(id, [socket, receiverSockets[i] as (typeof receiverSockets)[number]]);
    return id;
  });

  const errorCodes = new Map<string, number>();
  let outstanding = 0;
  for (const socket of senderSockets) {
    socket.handlers.onAck = (frame, at) => {
      const record = ledger.acked(frame.clientId);
      if (!record) return;
      outstanding--;
      if (record.due >= measureFrom) ack.recordMs(at - record.due);
    };
    socket.handlers.onError = (frame) => {
      errorCodes.set(frame.error.code, (errorCodes.get(frame.error.code) ?? 0) + 1);
      if (frame.clientId !== undefined && ledger.failed(frame.clientId)) outstanding--;
    };
  }

  const start = performance.now() + 20;
  measureFrom = start + timing.warmupMs;
  const schedule = fixedRateSchedule(start, spec.ratePerSecond, timing.warmupMs + timing.latencyDurationMs);
  let next = 0;
  let worstLagMs = 0;
  let monitor: ResourceMonitor | undefined;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      if (!monitor && now >= measureFrom) monitor = new ResourceMonitor(world.watched);
      for (const due = schedule.dueBy(now); next < due; next++) {
        const dueAt = schedule.dueAt(next);
        worstLagMs = Math.max(worstLagMs, now - dueAt);
        const s = next % spec.senders;
        const socket = senderSockets[s];
        const conversationId = conversationIds[s] ?? '';
        if (!socket) continue;
        const clientId = `${spec.id}-${next}`;
        ledger.sent(clientId, conversationId, socket, dueAt);
        outstanding++;
        socket.send({ type: 'send', conversationId, clientId, text: MESSAGE_TEXT });
      }
      if (next >= schedule.total) return done();
      setTimeout(tick, Math.max(0, schedule.dueAt(next) - performance.now()));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  const usage = (monitor ?? new ResourceMonitor(world.watched)).stop();
  const drained = await waitUntil(() => outstanding === 0, timing.drainMs);
  await ledger.settle(5_000);
  await sleep(50);
  const delivery = ledger.report();
  const problems = await set.close();
  if (!drained)
    problems.push(`${spec.id}: some sends were still unanswered ${timing.drainMs} ms after sending stopped`);
  if (errorCodes.size) problems.push(`${spec.id}: error frames: ${formatCounts(errorCodes)}`);

  const d = deliver.summary();
  const a = ack.summary();
  return {
    id: spec.id,
    scenario: `send->deliver p99 at ${spec.ratePerSecond}/s, ${spec.senders} senders (open loop)`,
    value: d.p99,
    unit: 'ms',
    notes: [
      `send->deliver ${formatPercentiles(d)} (${formatValue(d.count)} deliveries)`,
      `send->ack ${formatPercentiles(a)}`,
      `worst send lag behind the timetable ${formatMs(worstLagMs)}`,
      formatUsage(usage),
      describeDelivery(delivery),
    ],
    delivery,
    usage,
    latency: { deliver: d, ack: a },
    problems,
  };
}
