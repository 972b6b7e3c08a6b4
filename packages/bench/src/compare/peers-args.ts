// Command-line flags of the side-by-side run (`npm run bench -- --peers ...`).
import { availableParallelism } from 'node:os';
import { loadWorkersArg, postgresUrl, UsageError, walkFlags } from '../args.js';
import { defaultLoadWorkers } from '../pool/load-pool.js';
import type { TargetKey } from './target.js';

export interface PeersOptions {
  quick: boolean;
  databaseUrl: string | undefined;
  writeDocs: boolean;
  /** Targets to run, in this order. */
  targets: TargetKey[];
  /** taskset CPU list for every server, and for the load generator. */
  serverCpus: string;
  loadCpus: string;
  /** Worker threads of the load generator (all pinned to loadCpus). */
  loadWorkers: number;
}

export const PEERS_USAGE = `usage: npm run bench -- --peers [options]   (or npm run bench:peers -- [options])
  --quick                 short sizes and durations, a smoke test; docs not written
  --database-url URL      also run Anytime on a fresh PostgreSQL database on that server
  --docs / --no-docs      write (or not) the side-by-side section of docs/benchmarks.md
  --only LIST             targets: anytime-sqlite,anytime-postgres,ejabberd,ejabberd-sqlite,prosody (default: all available)
  --server-cpus LIST      CPUs every server is pinned to (default: the last CPU)
  --load-cpus LIST        CPUs the load generator is pinned to (default: the others)
  --load-workers N        worker threads generating the load (default: min(2, CPU cores))`;

const ALL: readonly TargetKey[] = ['anytime-sqlite', 'anytime-postgres', 'ejabberd', 'ejabberd-sqlite', 'prosody'];

/** Default pinning: servers on the last CPU, the load generator on the rest (or the same one CPU). */
export function defaultCpus(cpus: number): { server: string; load: string } {
  if (cpus <= 1) return { server: '0', load: '0' };
  return { server: String(cpus - 1), load: cpus === 2 ? '0' : `0-${cpus - 2}` };
}

export function parsePeersArgs(argv: readonly string[], cpus = availableParallelism()): PeersOptions {
  const d = defaultCpus(cpus);
  const opts: PeersOptions = {
    quick: false,
    databaseUrl: undefined,
    writeDocs: true,
    targets: [],
    serverCpus: d.server,
    loadCpus: d.load,
    loadWorkers: defaultLoadWorkers(cpus),
  };
  let docs: boolean | undefined;
  walkFlags(argv, (name, value) => {
    switch (name) {
      case '--peers':
        break;
      case '--quick':
        opts.quick = true;
        break;
      case '--database-url':
        opts.databaseUrl = postgresUrl(value());
        break;
      case '--docs':
        docs = true;
        break;
      case '--no-docs':
        docs = false;
        break;
      case '--only': {
        const picked = value()
          .split(',')
          .map((s) => s.trim());
        for (const p of picked) if (!ALL.includes(p as TargetKey)) throw new UsageError(`--only: unknown target ${p}`);
        opts.targets = picked as TargetKey[];
        break;
      }
      case '--server-cpus':
        opts.serverCpus = value();
        break;
      case '--load-workers':
        opts.loadWorkers = loadWorkersArg(value());
        break;
      case '--load-cpus':
        opts.loadCpus = value();
        break;
      case '--help':
      case '-h':
        throw new UsageError(PEERS_USAGE);
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(name)}\n${PEERS_USAGE}`);
    }
  });
  if (!opts.targets.length) opts.targets = ALL.filter((t) => t !== 'anytime-postgres' || opts.databaseUrl);
  if (opts.targets.includes('anytime-postgres') && !opts.databaseUrl) {
    throw new UsageError('anytime-postgres needs --database-url');
  }
  opts.writeDocs = docs ?? !opts.quick;
  return opts;
}
