// Command-line flags of the benchmark, parsed into one typed options object.
import { defaultLoadWorkers } from './pool/load-pool.js';

export interface BenchOptions {
  /** Short durations: a smoke test of the whole run, not numbers to publish. */
  quick: boolean;
  /** When set, the scenarios run a second time against a fresh database on this PostgreSQL server. */
  databaseUrl: string | undefined;
  /** Whether docs/benchmarks.md is rewritten (default: yes for full runs, no for --quick). */
  writeDocs: boolean;
  /** When set, the server runs with `node --cpu-prof` and writes its profiles here. */
  cpuProfDir: string | undefined;
  /** Only run these scenario ids, or families by letter (all when empty). */
  only: string[];
  /** The NATS server the PostgreSQL runs use (scenario j starts a second node on it). */
  brokerUrl: string;
  /** Skip the SQLite run (with --database-url: PostgreSQL only). */
  postgresOnly: boolean;
  /** Worker threads of the load generator. */
  loadWorkers: number;
  /** Scenario c's fixed rate, messages per second (its aim is stated at the default, 500). */
  latencyRate: number;
  /** Another build's server entry to drive instead of this checkout's (docs are then not written). */
  serverEntry: string | undefined;
}

export const USAGE = `usage: node packages/bench/dist/main.js [options]
  --quick                 short durations (a smoke test, a few seconds per scenario); docs not written
  --database-url URL      also run against PostgreSQL (a fresh database is created on that server, then dropped)
  --docs / --no-docs      write (or not) docs/benchmarks.md
  --cpu-prof DIR          run the server under node --cpu-prof, profiles into DIR (summary printed)
  --postgres-only         with --database-url: skip the SQLite run
  --broker-url URL        NATS for the PostgreSQL runs (default nats://127.0.0.1:4222)
  --load-workers N        worker threads generating the load (default: min(2, CPU cores))
  --latency-rate N        scenario c's fixed rate in msgs/s (default 500, the rate of its aim)
  --server-entry PATH     drive another build's server (e.g. an older commit's packages/server/dist/main.js) with
                          this bench, to compare builds in the same minutes; implies --no-docs
  --only a,b16            run only these scenarios (a, b1, b16, c, l, d, e, f, g, h, j, w1-w4, m, k, i; a bare letter
                          picks its family; j, two nodes against one, runs only on PostgreSQL)
  --help`;

export class UsageError extends Error {}

/**
 * Walks the flags in order: `on(name, value)` for each `--name`, where `value()` takes the flag's
 * value (`--name value` or `--name=value`) and throws a UsageError when there is none.
 */
export function walkFlags(argv: readonly string[], on: (name: string, value: () => string) => void): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [name = arg, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    on(name, () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    });
  }
}

/** A --database-url value: PostgreSQL only. */
export function postgresUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError('--database-url must be a postgres:// URL');
  return url;
}

/** A --load-workers value: a whole number from 1 to 64. */
export function loadWorkersArg(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 64) throw new UsageError('--load-workers must be a whole number from 1 to 64');
  return n;
}

export function parseArgs(argv: readonly string[]): BenchOptions {
  const opts: BenchOptions = {
    quick: false,
    databaseUrl: undefined,
    writeDocs: true,
    cpuProfDir: undefined,
    only: [],
    brokerUrl: 'nats://127.0.0.1:4222',
    postgresOnly: false,
    loadWorkers: defaultLoadWorkers(),
    latencyRate: 500,
    serverEntry: undefined,
  };
  let docsFlag: boolean | undefined;
  walkFlags(argv, (name, value) => {
    switch (name) {
      case '--quick':
        opts.quick = true;
        break;
      case '--database-url':
        opts.databaseUrl = postgresUrl(value());
        break;
      case '--postgres-only':
        opts.postgresOnly = true;
        break;
      case '--docs':
        docsFlag = true;
        break;
      case '--no-docs':
        docsFlag = false;
        break;
      case '--broker-url': {
        const url = value();
        if (!/^nats:\/\//.test(url)) throw new UsageError('--broker-url must be a nats:// URL');
        opts.brokerUrl = url;
        break;
      }
      case '--load-workers':
        opts.loadWorkers = loadWorkersArg(value());
        break;
      case '--latency-rate': {
        const v = value();
        const n = Number(v);
        if (!/^\d+$/.test(v) || n < 1 || n > 100_000)
          throw new UsageError('--latency-rate must be a whole number from 1 to 100000');
        opts.latencyRate = n;
        break;
      }
      case '--server-entry':
        opts.serverEntry = value();
        break;
      case '--cpu-prof':
        opts.cpuProfDir = value();
        break;
      case '--only':
        opts.only = value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '--help':
      case '-h':
        throw new UsageError(USAGE);
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(name)}\n${USAGE}`);
    }
  });
  if (opts.postgresOnly && !opts.databaseUrl) throw new UsageError('--postgres-only needs --database-url');
  if (opts.serverEntry !== undefined && docsFlag === true) {
    throw new UsageError('--server-entry drives another build: its numbers do not go into the docs (--no-docs)');
  }
  opts.writeDocs = opts.serverEntry === undefined && (docsFlag ?? !opts.quick);
  return opts;
}
