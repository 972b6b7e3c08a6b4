// The side-by-side run: Anytime (SQLite, and PostgreSQL with --database-url), ejabberd and
// Prosody, one after the other, each pinned to the same CPUs, through the same scenarios; prints
// the results and writes them between their own markers in docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../args.js';
import { barChartSvg, peersChart } from '../charts.js';
import { newDocument, PEERS_MARKERS, replaceSection, writeDocument } from '../docs-section.js';
import { describeMachine } from '../machine.js';
import { backgroundCpuPercent } from '../proc-stats.js';
import { startEjabberd } from '../peers/ejabberd.js';
import { startProsody } from '../peers/prosody.js';
import { FULL_TIMING, QUICK_TIMING, type Timing } from '../timing.js';
import { startAnytimeTarget } from './anytime-target.js';
import { parsePeersArgs, type PeersOptions } from './peers-args.js';
import { formatPeersSection, type PeersTargetReport } from './report.js';
import {
  durableDirect,
  fixedRateLatency,
  groupFanOut,
  IDLE_WARMUP,
  idleConnections,
  type CompareOutcome,
} from './scenarios.js';
import type { CompareTarget, TargetKey } from './target.js';
import { xmppTarget } from './xmpp-target.js';

interface Sizes {
  idle: number;
  pairs: number;
  window: number;
  fanSenders: number;
  fanWindow: number;
  latencySenders: number;
  rates: number[];
  timing: Timing;
}

const FULL: Sizes = {
  idle: 5_000,
  pairs: 50,
  window: 16,
  fanSenders: 5,
  fanWindow: 4,
  latencySenders: 10,
  // Low enough for every server to keep up on a 2-core machine: ejabberd with its Mnesia archive
  // managed under 1,000 durable messages per CPU-second.
  rates: [200, 400],
  timing: { ...FULL_TIMING, warmupMs: 2_000, durationMs: 10_000, latencyDurationMs: 10_000 },
};
const QUICK: Sizes = {
  idle: 100,
  pairs: 10,
  window: 4,
  fanSenders: 3,
  fanWindow: 2,
  latencySenders: 5,
  rates: [100],
  timing: { ...QUICK_TIMING, latencyDurationMs: 1_500 },
};

/**
 * Anytime's settings: cheap password hashing (registering the users is setup) and no per-user
 * send limit, as the peers run without a traffic shaper or rate limit; otherwise its defaults.
 */
const ANYTIME_ENV = { PASSWORD_HASH_COST: '10', SEND_LIMIT_MESSAGES: '1000000' };

async function startTarget(key: TargetKey, opts: PeersOptions, sizes: Sizes, entry: string): Promise<CompareTarget> {
  const shapes = { pairs: sizes.pairs, idleUsers: sizes.idle + IDLE_WARMUP };
  switch (key) {
    case 'anytime-sqlite':
    case 'anytime-postgres':
      return startAnytimeTarget({
        entry,
        cpus: opts.serverCpus,
        ...shapes,
        databaseUrl: key === 'anytime-postgres' ? opts.databaseUrl : undefined,
        env: ANYTIME_ENV,
      });
    case 'ejabberd':
    case 'ejabberd-sqlite':
    case 'prosody': {
      const peer =
        key === 'prosody'
          ? await startProsody({ cpus: opts.serverCpus })
          : await startEjabberd({ cpus: opts.serverCpus, storage: key === 'ejabberd' ? 'mnesia' : 'sqlite' });
      try {
        return await xmppTarget(peer, shapes);
      } catch (e) {
        await peer.stop();
        throw e;
      }
    }
  }
}

async function runTarget(target: CompareTarget, sizes: Sizes, workers: number): Promise<CompareOutcome[]> {
  const outcomes: CompareOutcome[] = [];
  const step = async (run: () => Promise<CompareOutcome>) => {
    const started = performance.now();
    const o = await run();
    outcomes.push(o);
    const took = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`[${target.key}] ${o.scenario} (${took} s)`);
    for (const m of o.metrics) console.log(`[${target.key}]    ${m.label}: ${m.value.toFixed(2)} ${m.unit}`);
    for (const n of o.notes) console.log(`[${target.key}]    ${n}`);
    for (const p of o.problems) console.log(`[${target.key}]    problem: ${p}`);
  };
  await step(() => idleConnections(target, sizes.idle, workers));
  await step(() => durableDirect(target, { pairs: sizes.pairs, window: sizes.window }, sizes.timing, workers));
  await step(() => groupFanOut(target, { senders: sizes.fanSenders, window: sizes.fanWindow }, sizes.timing, workers));
  for (const rate of sizes.rates) {
    await step(() => fixedRateLatency(target, { senders: sizes.latencySenders, rate }, sizes.timing, workers));
  }
  return outcomes;
}

function method(opts: PeersOptions, sizes: Sizes, reports: readonly PeersTargetReport[]): string[] {
  const t = sizes.timing;
  const labels = reports.map((r) => r.label).join(', ');
  return [
    `Servers, one at a time on a fresh start: ${labels}. ejabberd and Prosody are Debian's packages, installed when missing (with \`erlang-p1-sqlite3\` for ejabberd on SQLite: users, rosters, offline messages and archive in one SQLite file, schema created by ejabberd), each run from a fresh temporary directory with its own free ports and its config from \`packages/bench/src/peers/*-config.ts\`: plain authentication over loopback without TLS, no traffic shaper or rate limit (ejabberd's c2s shaper \`none\`, listener backlog 1024, \`registration_timeout: infinity\`; Prosody without mod_limits), and every message archived (ejabberd \`mod_mam\` with \`default: always\` on Mnesia or SQLite and \`mam: true\` for rooms; Prosody \`mam\` and \`muc_mam\` on its internal file storage), so they keep durable history as Anytime does. Anytime runs with \`PASSWORD_HASH_COST=10\` and without its per-user send limit (\`SEND_LIMIT_MESSAGES=1000000\`, as the peers run without rate limits), otherwise with its defaults.`,
    `Pinning: every server started under \`taskset -c ${opts.serverCpus}\` (Anytime's node process, ejabberd's beam.smp, Prosody's lua); the load generator pinned to CPU ${opts.loadCpus}. PostgreSQL, when it is the backend, is the machine's own server, not pinned; its processes' CPU over each window is added to Anytime's.`,
    "Logins: Anytime's sockets authenticate with an access token obtained at registration (as its clients do after signing in); XMPP logins are SASL PLAIN against the stored password plus resource binding and stream management.",
    'CPU: user+system time of the server process from `/proc/<pid>/stat` (all its threads) over each measured window; "per CPU-second" divides what was done in the window by that time.',
    `Clients: Anytime over its WebSocket (\`/v1/ws\`, the \`ws\` package); XMPP with \`@xmpp/client\` 0.14.0 over TCP, SASL PLAIN (forced: the library would otherwise compute SCRAM-SHA-1 in JavaScript), resource binding, XEP-0198 stream management, initial presence. The load generator is one process of ${opts.loadWorkers} worker thread(s) (\`--load-workers\`), each owning a share of the connections (a direct chat's two ends in the same worker, a group's members round robin), all pinned to the load CPUs: the same generator drives every server.`,
    `(1) ${sizes.idle.toLocaleString('en-US')} connections of distinct users opened 32 at a time on the freshly started server, after a warm-up batch of ${IDLE_WARMUP} opened and closed; connections per GiB = connections / growth of the server's RSS, read 2 s after the last login; logins per CPU-second over the login phase.`,
    `(3) ${sizes.pairs} direct chats, the sender of each keeping ${sizes.window} sends outstanding (closed loop: the next send goes out on an ack); ${t.warmupMs / 1000} s warm-up, then ${t.durationMs / 1000} s measured.`,
    `(4) a group of ${sizes.pairs * 2} members (XMPP: a MUC room all of them joined), all connected, ${sizes.fanSenders} of them sending with ${sizes.fanWindow} outstanding each; a delivery is one message reaching one other member; same warm-up and window.`,
    `(5) open loop: message i is due at start + i/rate, whatever the server answers, over ${sizes.latencySenders} direct chats; send->deliver is measured at the receiver from the due time (free of coordinated omission) into an HdrHistogram; ${t.warmupMs / 1000} s warm-up, ${t.latencyDurationMs / 1000} s measured, at ${sizes.rates.map((r) => `${r}`).join(' and ')} msgs/s.`,
    "Every scenario also checks that each acked message reached each receiver exactly once (and in order in direct chats: Anytime by `seq`, XMPP by the sender's counter).",
  ];
}

export async function runPeers(argv: readonly string[], paths: { entry: string; docs: string }): Promise<number> {
  let opts: PeersOptions;
  try {
    opts = parsePeersArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
  const sizes = opts.quick ? QUICK : FULL;
  const machine = describeMachine(); // before pinning ourselves, which narrows the CPUs Node sees
  const background = await backgroundCpuPercent();
  if (background !== undefined) {
    console.log(`before the run, other processes use ${Math.round(background)}% of one core`);
    if (background > 20) console.warn('warning: the machine is busy; the numbers will be lower and noisier than usual');
  }
  try {
    execFileSync('taskset', ['-a', '-pc', opts.loadCpus, String(process.pid)], { stdio: 'ignore' });
  } catch (e) {
    console.warn(`could not pin the load generator: ${(e as Error).message}`);
  }
  const reports: PeersTargetReport[] = [];
  const problems: string[] = [];
  // A peer runs detached from us (ejabberd) or as our child: never leave one behind on a crash or ^C.
  let current: CompareTarget | undefined;
  const bail = (why: unknown) => {
    console.error(why instanceof Error ? (why.stack ?? why.message) : `stopping: ${String(why)}`);
    void (current?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  };
  process.once('uncaughtException', bail);
  process.once('SIGINT', bail);
  for (const key of opts.targets) {
    console.log(`[${key}] starting (pinned to CPU ${opts.serverCpus})`);
    let target: CompareTarget | undefined;
    try {
      target = await startTarget(key, opts, sizes, paths.entry);
      current = target;
      console.log(`[${key}] ${target.label}, pid ${target.watched.serverPid}`);
      const outcomes = await runTarget(target, sizes, opts.loadWorkers);
      reports.push({
        key,
        label: target.label,
        ackMeaning: target.ackMeaning,
        metrics: outcomes.flatMap((o) => o.metrics),
        outcomes,
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      console.error(`[${key}] failed: ${message}`);
      problems.push(`${key}: ${message.split('\n')[0] ?? message}`);
    } finally {
      current = undefined;
      await target?.stop();
    }
  }
  process.removeListener('uncaughtException', bail);
  process.removeListener('SIGINT', bail);
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const section = formatPeersSection({
    date,
    quick: opts.quick,
    machine,
    backgroundCpuPercent: background,
    serverCpus: opts.serverCpus,
    loadCpus: opts.loadCpus,
    method: method(opts, sizes, reports),
    targets: reports,
    problems,
  });
  console.log(`\n${section}\n`);
  if (opts.writeDocs) {
    const doc = existsSync(paths.docs)
      ? replaceSection(await readFile(paths.docs, 'utf8'), section, PEERS_MARKERS)
      : replaceSection(newDocument(''), section, PEERS_MARKERS);
    await writeDocument(paths.docs, doc);
    console.log(`wrote ${paths.docs}`);
    const chart = join(dirname(paths.docs), 'charts', 'bench-peers.svg');
    await mkdir(dirname(chart), { recursive: true });
    await writeFile(chart, barChartSvg(peersChart(reports)));
    console.log(`wrote ${chart}`);
  } else console.log('(docs/benchmarks.md not written: --quick or --no-docs)');
  const failed = problems.length > 0 || reports.some((r) => r.outcomes.some((o) => o.problems.length > 0));
  return failed ? 1 : 0;
}
