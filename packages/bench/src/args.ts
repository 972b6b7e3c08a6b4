// Command-line flags of the benchmark, parsed into one typed options object.
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
}

export const USAGE = `usage: node packages/bench/dist/main.js [options]
  --quick                 short durations (a smoke test, a few seconds per scenario); docs not written
  --database-url URL      also run against PostgreSQL (a fresh database is created on that server, then dropped)
  --docs / --no-docs      write (or not) docs/benchmarks.md
  --cpu-prof DIR          run the server under node --cpu-prof, profiles into DIR (summary printed)
  --only a,b16            run only these scenarios (a, b1, b16, c, d, e, f, g, h, w1-w4, i; a bare letter picks its family)
  --help`;

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): BenchOptions {
  const opts: BenchOptions = { quick: false, databaseUrl: undefined, writeDocs: true, cpuProfDir: undefined, only: [] };
  let docsFlag: boolean | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--quick':
        opts.quick = true;
        break;
      case '--database-url': {
        const url = value();
        if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError('--database-url must be a postgres:// URL');
        opts.databaseUrl = url;
        break;
      }
      case '--docs':
        docsFlag = true;
        break;
      case '--no-docs':
        docsFlag = false;
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
        throw new UsageError(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
    }
  }
  opts.writeDocs = docsFlag ?? !opts.quick;
  return opts;
}
