// Starts the real Anytime server as a child process on a loopback port, waits for /healthz,
// restarts it on the same data, and stops it (SIGTERM, then SIGKILL if it does not exit in time).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** The at-rest master key of every PostgreSQL-backed server this process starts. */
const BENCH_MASTER_KEY = randomBytes(32).toString('base64');

export interface ServerOptions {
  /** Path of the built server entry (packages/server/dist/main.js). */
  entry: string;
  databaseUrl?: string | undefined;
  cpuProfDir?: string | undefined;
  /** Extra environment for the server. */
  env?: Record<string, string>;
  /** Pins the server to these CPUs with `taskset -c` (e.g. "1"), as the peer servers are in a comparison. */
  cpus?: string | undefined;
}

export interface RunningServer {
  /** The current process (a restart changes it). */
  readonly pid: number;
  baseUrl: string;
  wsUrl: string;
  dataDir: string;
  /** The at-rest master key the server was given (PostgreSQL), for tools that open its storage. */
  masterKey: string | undefined;
  /** The last lines the server wrote (stdout and stderr), for error reports. */
  recentOutput(): string[];
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
  /**
   * Stops the server (SIGTERM), runs `whileStopped` (e.g. a bulk load of its database), and starts
   * it again on the same data; resolves to ms from spawn to healthy.
   */
  restart(whileStopped?: () => Promise<void>): Promise<number>;
}

const OUTPUT_LINES_KEPT = 200;

interface Child {
  proc: ChildProcess;
  exited: Promise<number | string>;
}

function spawnChild(opts: ServerOptions, env: NodeJS.ProcessEnv, keep: (chunk: Buffer) => void): Child {
  const nodeArgs = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  const command = [process.execPath, ...nodeArgs, opts.entry];
  // taskset execs the server in place, so the child's pid is the server's own.
  if (opts.cpus) command.unshift('taskset', '-c', opts.cpus);
  const [file = process.execPath, ...args] = command;
  const proc = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) =>
    proc.once('exit', (code, signal) => resolve(signal ?? code ?? 'unknown')),
  );
  return { proc, exited };
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  if (!existsSync(opts.entry)) {
    throw new Error(`server entry ${opts.entry} not found; build it first (npm run build)`);
  }
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'anytime-bench-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
  if (opts.databaseUrl) {
    env.DATABASE_URL = opts.databaseUrl;
    // All nodes of one database share the at-rest master key (one per bench process).
    env.ANYTIME_MASTER_KEY ??= BENCH_MASTER_KEY;
  }
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      output.push(line);
      if (output.length > OUTPUT_LINES_KEPT) output.shift();
    }
  };
  let child = spawnChild(opts, env, keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  const failed = async (e: unknown): Promise<never> => {
    await server.stop();
    const tail = output.slice(-30).join('\n  ');
    throw new Error(`${(e as Error).message}\n  server output:\n  ${tail || '(none)'}`);
  };
  const server: RunningServer = {
    get pid() {
      return child.proc.pid ?? 0;
    },
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}/v1/ws`,
    dataDir,
    masterKey: env.ANYTIME_MASTER_KEY,
    recentOutput: () => [...output],
    stop: async () => {
      await stopChild(child.proc, child.exited);
      await rm(dataDir, { recursive: true, force: true });
    },
    async restart(whileStopped) {
      await stopChild(child.proc, child.exited);
      await whileStopped?.();
      const started = performance.now();
      child = spawnChild(opts, env, keep);
      await waitHealthy(baseUrl, child.exited, 120_000).catch(failed);
      return performance.now() - started;
    },
  };
  await waitHealthy(baseUrl, child.exited, 30_000).catch(failed);
  return server;
}

async function waitHealthy(baseUrl: string, exited: Promise<number | string>, timeoutMs: number): Promise<void> {
  let exit: number | string | undefined;
  void exited.then((e) => (exit = e));
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (exit !== undefined) throw new Error(`server exited (${exit}) before it became healthy`);
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not healthy after ${timeoutMs} ms (last: ${last})`);
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
