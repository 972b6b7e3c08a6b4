// The closed-loop engine: each sender keeps `window` sends outstanding (the next send goes
// out when an ack or error comes back) until the time or message budget is spent.
import { formatCounts } from '../format.js';
import type { DeliveryLedger } from '../delivery-ledger.js';
import { LatencyHistogram } from '../histogram.js';
import type { LoadSocket } from '../load-socket.js';
import { ResourceMonitor, type ResourceUsage, type Watched } from '../proc-stats.js';
import { sleep, waitUntil, type Timing } from '../timing.js';
import { MESSAGE_TEXT } from './message-text.js';

/** Generic over the socket type: Anytime's BenchSocket and the XMPP peers' XmppSocket both drive it. */
export interface ClosedLoopInput<S extends LoadSocket> {
  id: string;
  ledger: DeliveryLedger<S>;
  senders: readonly { socket: S; conversationId: string }[];
  window: number;
  timing: Timing;
  /** Stop sending after this many messages, whatever the time. */
  maxMessages: number;
  watched: Watched;
  /** Told the measured window's performance.now() bounds before the first send. */
  onWindow?(measureFrom: number, measureTo: number): void;
}

export interface ClosedLoopOutcome {
  /** Acks that arrived inside the measured window. */
  ackedInWindow: number;
  windowSeconds: number;
  /** Send -> ack, for sends acked inside the window. */
  ackLatency: LatencyHistogram;
  errorCodes: Map<string, number>;
  usage: ResourceUsage;
  /** Whether every send was answered before the drain timeout. */
  drained: boolean;
  /** performance.now() bounds of the measured window. */
  measureFrom: number;
  measureTo: number;
}

export async function runClosedLoop<S extends LoadSocket>(input: ClosedLoopInput<S>): Promise<ClosedLoopOutcome> {
  const { ledger, timing } = input;
  const measureFrom = performance.now() + timing.warmupMs;
  const measureTo = measureFrom + timing.durationMs;
  const ackLatency = new LatencyHistogram();
  const errorCodes = new Map<string, number>();
  let ackedInWindow = 0;
  let outstanding = 0;
  let total = 0;
  const canSend = (at: number) => at < measureTo && total < input.maxMessages;
  input.onWindow?.(measureFrom, measureTo);

  input.senders.forEach(({ socket, conversationId }, i) => {
    let n = 0;
    const sendOne = () => {
      const clientId = `${input.id}-${i}-${n++}`;
      ledger.sent(clientId, conversationId, socket, performance.now());
      outstanding++;
      total++;
      socket.sendText(conversationId, clientId, MESSAGE_TEXT);
    };
    socket.onAcked = (ackedId, at) => {
      const record = ledger.acked(ackedId);
      if (!record) return;
      outstanding--;
      if (at >= measureFrom && at < measureTo) {
        ackedInWindow++;
        ackLatency.recordMs(at - record.due);
      }
      if (canSend(at)) sendOne();
    };
    socket.onRefused = (code, refusedId, at) => {
      errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1);
      if (refusedId === undefined || !ledger.failed(refusedId)) return;
      outstanding--;
      if (canSend(at)) sendOne();
    };
    for (let w = 0; w < input.window; w++) sendOne();
  });

  await sleep(measureFrom - performance.now());
  const monitor = new ResourceMonitor(input.watched);
  await sleep(measureTo - performance.now());
  const usage = monitor.stop();
  const drained = await waitUntil(() => outstanding === 0, timing.drainMs);
  return {
    ackedInWindow,
    windowSeconds: timing.durationMs / 1000,
    ackLatency,
    errorCodes,
    usage,
    drained,
    measureFrom,
    measureTo,
  };
}

/** What a closed loop's outcome says went wrong: sends left unanswered, error frames by code. */
export function closedLoopProblems(id: string, out: ClosedLoopOutcome, drainMs: number): string[] {
  const problems: string[] = [];
  if (!out.drained) problems.push(`${id}: some sends were still unanswered ${drainMs} ms after sending stopped`);
  if (out.errorCodes.size) problems.push(`${id}: error frames: ${formatCounts(out.errorCodes)}`);
  return problems;
}
