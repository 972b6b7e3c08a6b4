// One load worker (a worker thread of LoadPool): owns a share of the run's connections
// (Anytime WebSockets or XMPP clients), sends on them closed loop or on its share of an
// open-loop timetable, counts acks and deliveries in its part of the delivery ledger, and
// hands its counts and encoded histograms to the coordinator when asked.
import { parentPort, workerData } from 'node:worker_threads';
import { BenchSocket } from '../bench-socket.js';
import { sharedNow, toShared } from '../clock.js';
import { FrameChecker } from '../frame-check.js';
import { LatencyHistogram } from '../histogram.js';
import { HttpError, login } from '../http-client.js';
import type { LoadSocket } from '../load-socket.js';
import { messageText } from '../scenarios/message-text.js';
import { fixedRateSchedule, shareOf } from '../scenarios/open-loop-schedule.js';
import { mapConcurrent } from '../compare/target.js';
import { sleep, waitUntil } from '../timing.js';
import { XmppSocket } from '../xmpp/xmpp-socket.js';
import type {
  ClosedLoopCommand,
  Command,
  LoginCommand,
  LoginDone,
  LoopDone,
  OpenLoopCommand,
  PhaseSpec,
  Reply,
  SocketSpec,
  WorkerReport,
} from './messages.js';
import { dueOfMessageId, messageId } from './message-id.js';
import { ShardLedger, type ShardRecord } from './shard-ledger.js';

const port = parentPort;
if (!port) throw new Error('load-worker.js runs as a worker thread of LoadPool');
const workerIndex = (workerData as { index: number }).index;

const sockets = new Map<number, LoadSocket>();
const checker = new FrameChecker();

/** Counters of the current phase (one scenario's loop); replaced when a loop starts. */
class PhaseCounts {
  ledger = new ShardLedger<LoadSocket>();
  spec: PhaseSpec = { mode: 'window', from: Infinity, to: -Infinity };
  ackedInWindow = 0;
  deliveredInWindow = 0;
  ackLatency = new LatencyHistogram();
  deliverLatency = new LatencyHistogram();
  errorCodes = new Map<string, number>();
  outstanding = 0;

  /** Whether an event at `at` of a send due at `due` is measured. */
  counts(due: number, at: number): boolean {
    return this.spec.mode === 'window' ? at >= this.spec.from && at < this.spec.to : due >= this.spec.from;
  }

  ack(record: ShardRecord<LoadSocket>, at: number): void {
    this.outstanding--;
    if (!this.counts(record.due, at)) return;
    this.ackedInWindow++;
    this.ackLatency.recordMs(at - record.due);
  }

  refused(code: string, clientId: string | undefined): void {
    this.errorCodes.set(code, (this.errorCodes.get(code) ?? 0) + 1);
    if (clientId !== undefined && this.ledger.failed(clientId)) this.outstanding--;
  }
}
let phase = new PhaseCounts();

function socketAt(index: number): LoadSocket {
  const s = sockets.get(index);
  if (!s) throw new Error(`worker ${workerIndex} has no socket ${index}`);
  return s;
}

function wire(socket: LoadSocket): void {
  socket.onDelivered = (message, at) => {
    const p = phase;
    if (p.ledger.delivered(socket, message) !== 'receiver') return;
    const t = toShared(at);
    const due = dueOfMessageId(message.clientId);
    if (due === undefined || !p.counts(due, t)) return;
    p.deliveredInWindow++;
    p.deliverLatency.recordMs(t - due);
  };
}

async function openOne(spec: SocketSpec): Promise<LoadSocket> {
  if (spec.kind === 'anytime') return BenchSocket.open(spec.wsUrl, spec.user, checker);
  return XmppSocket.open(spec.endpoint, spec.account);
}

async function open(list: { index: number; spec: SocketSpec }[], concurrency: number): Promise<void> {
  await mapConcurrent(list, concurrency, async ({ index, spec }) => {
    const socket = await openOne(spec);
    wire(socket);
    sockets.set(index, socket);
  });
}

async function joinRoom(room: string, indices: number[], configure: boolean, concurrency: number): Promise<void> {
  const xmpp = indices.map((i) => {
    const s = socketAt(i);
    if (!(s instanceof XmppSocket)) throw new Error('joinRoom: not an XMPP socket');
    return s;
  });
  const [first, ...rest] = xmpp;
  if (configure && first) {
    await first.joinRoom(room);
    await first.configureInstantRoom(room);
    await mapConcurrent(rest, concurrency, (s) => s.joinRoom(room));
  } else await mapConcurrent(xmpp, concurrency, (s) => s.joinRoom(room));
}

/** Sleeps until `at` on the shared clock. */
const sleepUntil = (at: number) => sleep(at - sharedNow());

async function closedLoop(cmd: ClosedLoopCommand): Promise<LoopDone> {
  const p = phase;
  p.spec = cmd.phase;
  let total = 0;
  const canSend = (at: number) => at < cmd.phase.to && total < cmd.maxMessages;
  await sleepUntil(cmd.startAt);
  cmd.senders.forEach(({ socket: index, conversationId }, i) => {
    const socket = socketAt(index);
    let n = 0;
    const sendOne = () => {
      const due = sharedNow();
      const clientId = messageId(cmd.id, workerIndex, i, due, n);
      p.ledger.sent(clientId, conversationId, socket, due);
      p.outstanding++;
      total++;
      socket.sendText(conversationId, clientId, messageText(i + n++));
    };
    socket.onAcked = (ackedId, at) => {
      const record = p.ledger.acked(ackedId);
      if (!record) return;
      const t = toShared(at);
      p.ack(record, t);
      if (canSend(t)) sendOne();
    };
    socket.onRefused = (code, refusedId, at) => {
      const before = p.outstanding;
      p.refused(code, refusedId);
      if (p.outstanding < before && canSend(toShared(at))) sendOne();
    };
    for (let w = 0; w < cmd.window; w++) sendOne();
  });
  await sleepUntil(cmd.phase.to);
  const drained = await waitUntil(() => p.outstanding === 0, cmd.drainMs);
  return { drained, worstLagMs: 0, sent: total };
}

async function openLoop(cmd: OpenLoopCommand): Promise<LoopDone> {
  const p = phase;
  p.spec = cmd.phase;
  const senders = cmd.senders.map((s) => ({ socket: socketAt(s.socket), conversationId: s.conversationId }));
  for (const { socket } of senders) {
    socket.onAcked = (id, at) => {
      const record = p.ledger.acked(id);
      if (record) p.ack(record, toShared(at));
    };
    socket.onRefused = (code, id) => p.refused(code, id);
  }
  const schedule = shareOf(fixedRateSchedule(cmd.start, cmd.ratePerSecond, cmd.durationMs), cmd.share.k, cmd.share.n);
  let next = 0;
  let worstLagMs = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = sharedNow();
      for (const due = schedule.dueBy(now); next < due; next++) {
        const dueAt = schedule.dueAt(next);
        worstLagMs = Math.max(worstLagMs, now - dueAt);
        const sender = senders[next % senders.length];
        if (!sender) continue;
        const clientId = messageId(cmd.id, workerIndex, next % senders.length, dueAt, next);
        p.ledger.sent(clientId, sender.conversationId, sender.socket, dueAt);
        p.outstanding++;
        sender.socket.sendText(sender.conversationId, clientId, messageText(next));
      }
      if (next >= schedule.total) return done();
      setTimeout(tick, Math.max(0, schedule.dueAt(next) - sharedNow()));
    };
    setTimeout(tick, Math.max(0, cmd.start - sharedNow()));
  });
  const drained = await waitUntil(() => p.outstanding === 0, cmd.drainMs);
  return { drained, worstLagMs, sent: next };
}

async function loginStorm(cmd: LoginCommand): Promise<LoginDone> {
  const latency = new LatencyHistogram();
  const failures = new Map<string, number>();
  let inWindow = 0;
  let n = 0;
  const loop = async () => {
    while (sharedNow() < cmd.to) {
      const username = cmd.usernames[n++ % cmd.usernames.length] ?? '';
      const started = sharedNow();
      try {
        await login(cmd.baseUrl, username);
        const done = sharedNow();
        if (started >= cmd.from && done < cmd.to) {
          inWindow++;
          latency.recordMs(done - started);
        }
      } catch (e) {
        const why = e instanceof HttpError ? `HTTP ${e.status}` : (e as Error).message;
        failures.set(why, (failures.get(why) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: cmd.concurrency }, loop));
  return { inWindow, attempts: n, latency: latency.encode(), failures: [...failures] };
}

function report(): WorkerReport {
  return {
    shard: phase.ledger.export(),
    ackedInWindow: phase.ackedInWindow,
    deliveredInWindow: phase.deliveredInWindow,
    ackLatency: phase.ackLatency.encode(),
    deliverLatency: phase.deliverLatency.encode(),
    errorCodes: [...phase.errorCodes],
  };
}

/** Closes every socket; returns what went wrong on them (unexpected closes, odd frames, schema mismatches). */
async function close(): Promise<string[]> {
  const problems = new Map<string, number>();
  const add = (line: string, n = 1) => problems.set(line, (problems.get(line) ?? 0) + n);
  for (const s of sockets.values()) {
    if (s instanceof BenchSocket) {
      if (s.unexpectedClose)
        add(`socket(s) closed by the server: ${s.unexpectedClose.code} ${s.unexpectedClose.reason}`.trim());
      for (const [type, n] of s.frameCounts) if (type.startsWith('(')) add(`frame(s) ${type}`, n);
    } else if (s instanceof XmppSocket && s.unexpectedClose) add(`connection(s) closed: ${s.unexpectedClose}`);
  }
  await Promise.all([...sockets.values()].map((s) => s.close()));
  sockets.clear();
  phase = new PhaseCounts();
  return [...[...problems].map(([line, n]) => `${n} ${line}`), ...checker.problems.splice(0)];
}

async function handle(command: Command): Promise<unknown> {
  switch (command.op) {
    case 'open':
      return open(command.sockets, command.concurrency);
    case 'joinRoom':
      return joinRoom(command.room, command.sockets, command.configure, command.concurrency);
    case 'conversation': {
      const local = command.members.filter((i) => sockets.has(i)).map((i) => socketAt(i));
      phase.ledger.addConversation(command.id, local, command.totalMembers);
      return undefined;
    }
    case 'phase':
      phase.spec = command.phase;
      return undefined;
    case 'closedLoop':
      return closedLoop(command);
    case 'openLoop':
      return openLoop(command);
    case 'progress':
      return { ...phase.ledger.progress(), outstanding: phase.outstanding };
    case 'report':
      return report();
    case 'login':
      return loginStorm(command);
    case 'close':
      return close();
  }
}

port.on('message', (msg: { id: number; command: Command }) => {
  handle(msg.command).then(
    (value) => port.postMessage({ id: msg.id, ok: true, value } satisfies Reply),
    (e: unknown) =>
      port.postMessage({
        id: msg.id,
        ok: false,
        error: e instanceof Error ? (e.stack ?? e.message) : String(e),
      } satisfies Reply),
  );
});
