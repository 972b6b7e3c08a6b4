// Scenario h: a new device syncs a long history. One direct chat is filled with `messages`
// messages (100,000 in a full run) over a pipelined socket, then its receiver signs in on a new
// device and pages through GET /v1/sync from the start until it has everything. Reports the
// time to a complete sync and events per second, and checks the history arrived gapless.
import { openSockets } from '../bench-socket.js';
import { DeliveryLedger } from '../delivery-ledger.js';
import { formatUsage, formatValue } from '../format.js';
import { login, syncPage } from '../http-client.js';
import { ResourceMonitor } from '../proc-stats.js';
import { waitUntil, type Timing } from '../timing.js';
import { messageText } from './message-text.js';
import type { ScenarioResult } from './result.js';
import type { BenchWorld } from './world.js';

const PAGE = 200;
const SEED_WINDOW = 64;

/** Sends `count` messages into a conversation, SEED_WINDOW in flight, and waits for every ack. */
async function seed(world: BenchWorld, conversationId: string, count: number, id: string): Promise<number> {
  const [socket] = await openSockets(world.server.wsUrl, [world.senders[0]!], world.checker, 1);
  const started = performance.now();
  let sent = 0;
  let acked = 0;
  let failed = 0;
  const sendOne = () => {
    if (sent >= count) return;
    socket!.send({ type: 'send', conversationId, clientId: `${id}-seed-${sent}`, text: messageText(sent++) });
  };
  socket!.handlers.onAck = () => {
    acked++;
    sendOne();
  };
  socket!.handlers.onError = () => {
    failed++;
    sendOne();
  };
  for (let i = 0; i < SEED_WINDOW; i++) sendOne();
  const done = await waitUntil(() => acked + failed >= count, 30 * 60_000);
  await socket!.close();
  if (!done || failed > 0) throw new Error(`${id}: seeding got ${acked} acks and ${failed} errors of ${count}`);
  return (performance.now() - started) / 1000;
}

export async function runNewDeviceSync(world: BenchWorld, id: string, timing: Timing): Promise<ScenarioResult> {
  const count = timing.syncMessages;
  const conversation = world.directs[0]!;
  const seedSeconds = await seed(world, conversation.id, count, id);

  const device = await login(world.server.baseUrl, world.receivers[0]!.username);
  const monitor = new ResourceMonitor(world.watched);
  const started = performance.now();
  let cursor: string | undefined;
  let events = 0;
  let pages = 0;
  let lastSeq = 0;
  let gaps = 0;
  for (;;) {
    const page = await syncPage(world.server.baseUrl, device.accessToken, cursor, PAGE);
    pages++;
    events += page.events.length;
    for (const e of page.events) {
      if (e.type !== 'message.created' || e.conversationId !== conversation.id) continue;
      if (e.seq <= lastSeq) gaps++;
      lastSeq = e.seq;
    }
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const usage = monitor.stop();
  const problems: string[] = [];
  if (gaps > 0) problems.push(`${id}: ${gaps} events out of order`);
  if (lastSeq < count) problems.push(`${id}: synced up to seq ${lastSeq}, expected at least ${count}`);
  return {
    id,
    scenario: `new device syncs ${formatValue(count)} messages (GET /v1/sync, pages of ${PAGE})`,
    value: seconds,
    unit: 's',
    notes: [
      `${formatValue(events / seconds)} events/s, ${formatValue(events)} events in ${pages} pages`,
      `seeded over one socket (window ${SEED_WINDOW}) in ${seedSeconds.toFixed(1)} s (${formatValue(count / seedSeconds)} msgs/s)`,
      formatUsage(usage),
    ],
    delivery: new DeliveryLedger().report(),
    usage,
    problems,
  };
}
