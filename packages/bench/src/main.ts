// Entry point of `npm run bench`: starts the real server (SQLite, and PostgreSQL with
// --database-url), runs the scenarios against it over loopback, prints the results and
// writes them into docs/benchmarks.md.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, UsageError, type BenchOptions } from './args.js';
import { barChartSvg, resultsChart } from './charts.js';
import { formatProfileSummary, newestProfile, summariseProfile } from './cpu-profile.js';
import { newDocument, replaceSection, writeDocument } from './docs-section.js';
import { describeMachine } from './machine.js';
import type { PostgresDatabase } from '@anytime/server/test-databases';
import { backgroundCpuPercent } from './proc-stats.js';
import { checkAims, formatConsoleTable, formatMarkdownSection, type ResultRow } from './report.js';
import { PAIRS, selectScenarios } from './scenarios/catalog.js';
import type { ScenarioResult } from './scenarios/result.js';
import { buildWorld } from './scenarios/world.js';
import { startServer } from './server-process.js';
import { FULL_TIMING, QUICK_TIMING } from './timing.js';

const root = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));
const SERVER_ENTRY = root('packages/server/dist/main.js');
const DOCS_FILE = root('docs/benchmarks.md');
const RESULTS_DIR = root('packages/bench/results');
const CHART_FILE = root('docs/charts/bench-latest.svg');

/**
 * Server settings for the run: password hashing is made cheap because setup registers thousands
 * of users, sign-in throttling is lifted because the login storm (g) comes from one address, and
 * the per-user send limit is lifted because a few simulated users send at machine speed.
 */
const SERVER_ENV = {
  PASSWORD_HASH_COST: '10',
  LOGIN_LIMIT_PER_IP: '1000000',
  LOGIN_LIMIT_PER_USERNAME: '100000',
  SEND_LIMIT_MESSAGES: '1000000',
};

interface BackendRun {
  backend: string;
  results: ScenarioResult[];
}

async function runBackend(opts: BenchOptions, backend: 'sqlite' | 'postgres'): Promise<BackendRun> {
  let db: PostgresDatabase | undefined;
  if (backend === 'postgres' && opts.databaseUrl) {
    // Loaded only for --database-url runs: the default SQLite run needs no PostgreSQL driver.
    const { createPostgresDatabase } = await import('@anytime/server/test-databases');
    db = await createPostgresDatabase(opts.databaseUrl, 'anytime_bench');
    console.log(`[${backend}] created database ${db.name}`);
  }
  const timing = opts.quick ? QUICK_TIMING : FULL_TIMING;
  if (opts.cpuProfDir) await mkdir(opts.cpuProfDir, { recursive: true });
  const results: ScenarioResult[] = [];
  try {
    // On PostgreSQL the server runs as one node of a cluster (NATS broker), as a deployment of
    // several nodes does, so that scenario j can start a second node beside it.
    const clusterEnv = db ? { ...SERVER_ENV, BROKER_URL: opts.brokerUrl } : undefined;
    const entry = opts.serverEntry ?? SERVER_ENTRY;
    const server = await startServer({
      entry,
      databaseUrl: db?.url,
      cpuProfDir: opts.cpuProfDir,
      env: clusterEnv ? { ...clusterEnv, NODE_ID: 'bench-node-a' } : SERVER_ENV,
    });
    const startAnotherNode = clusterEnv
      ? () => startServer({ entry, databaseUrl: db?.url, env: { ...clusterEnv, NODE_ID: 'bench-node-b' } })
      : undefined;
    console.log(`[${backend}] server pid ${server.pid} at ${server.baseUrl}, data dir ${server.dataDir}`);
    console.log(`[${backend}] load generator: ${opts.loadWorkers} worker thread(s)`);
    try {
      const setupStart = performance.now();
      const world = await buildWorld(server, PAIRS, db?.url, startAnotherNode, opts.loadWorkers, opts.latencyRate);
      const setupSeconds = ((performance.now() - setupStart) / 1000).toFixed(1);
      console.log(`[${backend}] ${PAIRS * 2} users, ${PAIRS} direct chats and a group set up in ${setupSeconds} s`);
      for (const scenario of selectScenarios(opts.only)) {
        if (scenario.cluster && !startAnotherNode) continue;
        const started = performance.now();
        const result = await scenario.run(world, timing);
        results.push(result);
        const took = ((performance.now() - started) / 1000).toFixed(1);
        console.log(
          `[${backend}] ${result.id}. ${result.scenario}: ${result.value.toFixed(1)} ${result.unit} (${took} s)`,
        );
        for (const p of result.problems) console.log(`[${backend}]    problem: ${p}`);
      }
    } catch (e) {
      const tail = server.recentOutput().slice(-20);
      if (tail.length) console.error(`[${backend}] last server output:\n  ${tail.join('\n  ')}`);
      throw e;
    } finally {
      await server.stop();
    }
    if (opts.cpuProfDir) {
      const found = await newestProfile(opts.cpuProfDir);
      if (found) console.log(`[${backend}] ${found.path}\n${formatProfileSummary(summariseProfile(found.profile))}`);
      else console.log(`[${backend}] no .cpuprofile found in ${opts.cpuProfDir} (did the server exit cleanly?)`);
    }
  } finally {
    await db?.drop();
  }
  return { backend, results };
}

function toRows(runs: readonly BackendRun[]): ResultRow[] {
  return runs.flatMap(({ backend, results }) =>
    results.map((r) => ({ backend, id: r.id, scenario: r.scenario, value: r.value, unit: r.unit, notes: r.notes })),
  );
}

function problemsOf(runs: readonly BackendRun[]): string[] {
  return runs.flatMap(({ backend, results }) =>
    results.flatMap((r) => [
      ...(r.delivery.ok ? [] : [`${backend} ${r.id}: delivery check failed`]),
      ...r.problems.map((p) => `${backend} ${r.id}: ${p}`),
    ]),
  );
}

async function writeDocs(section: string): Promise<void> {
  const doc = existsSync(DOCS_FILE) ? replaceSection(await readFile(DOCS_FILE, 'utf8'), section) : newDocument(section);
  await writeDocument(DOCS_FILE, doc);
  console.log(`wrote ${DOCS_FILE}`);
}

/** The run as JSON, one file per run (packages/bench/results/<date>.json), for comparing runs. */
async function writeResults(run: { date: string; [key: string]: unknown }): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}/${run.date.replace(' UTC', 'Z').replace(/[ :]/g, '-')}.json`;
  await writeDocument(file, JSON.stringify(run)); // formatted by Prettier, like the docs
  console.log(`wrote ${file}`);
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--peers')) {
    // The side-by-side run with ejabberd and Prosody (src/compare); loaded only when asked for.
    const { runPeers } = await import('./compare/run.js');
    return runPeers(argv, { entry: SERVER_ENTRY, docs: DOCS_FILE });
  }
  let opts: BenchOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
  const background = await backgroundCpuPercent();
  if (background !== undefined) {
    console.log(
      `before the run, other processes use ${Math.round(background)}% of one core (of ${availableParallelism()})`,
    );
    if (background > 20) console.warn('warning: the machine is busy; the numbers will be lower and noisier than usual');
  }
  const runs: BackendRun[] = opts.postgresOnly ? [] : [await runBackend(opts, 'sqlite')];
  if (opts.databaseUrl) runs.push(await runBackend(opts, 'postgres'));

  const rows = toRows(runs);
  const checks = checkAims(rows);
  const problems = problemsOf(runs);
  console.log(`\n${formatConsoleTable(rows, checks)}`);
  if (problems.length) console.log(`\nproblems:\n  ${problems.join('\n  ')}`);
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const section = formatMarkdownSection({
    date,
    quick: opts.quick,
    machine: describeMachine(),
    backgroundCpuPercent: background,
    rows,
    checks,
    problems,
  });
  if (opts.writeDocs) {
    await writeDocs(section);
    await writeResults({
      date,
      machine: describeMachine(),
      backgroundCpuPercent: background,
      loadWorkers: opts.loadWorkers,
      rows,
      checks,
      problems,
    });
    await mkdir(dirname(CHART_FILE), { recursive: true });
    await writeFile(CHART_FILE, barChartSvg(resultsChart(rows)));
    console.log(`wrote ${CHART_FILE}`);
  } else console.log('\n(docs/benchmarks.md and results/ not written: --quick or --no-docs)');
  const deliveryFailed = runs.some((r) => r.results.some((s) => !s.delivery.ok));
  return deliveryFailed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exitCode = 1;
  },
);
