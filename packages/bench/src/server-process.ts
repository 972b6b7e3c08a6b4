// Starts the real Anytime server as a child process on a loopback port, waits for /healthz,
// and stops it again (SIGTERM, then SIGKILL if it does not exit in time).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface ServerOptions {
  /** Path of the built server entry (packages/server/dist/main.js). */
  entry: string;
  databaseUrl?: string | undefined;
  cpuProfDir?: string | undefined;
  /** Extra environment for the server. */
  env?: Record<string, string>;
}

export interface RunningServer {
  pid: number;
  baseUrl: string;
  wsUrl: string;
  dataDir: string;
  /** The last lines the server wrote (stdout and stderr), for error reports. */
  recentOutput(): string[];
  stop(): Promise<void>;
}

const OUTPUT_LINES_KEPT = 200;

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
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  const nodeArgs = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, opts.entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      output.push(line);
      if (output.length > OUTPUT_LINES_KEPT) output.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code ?? 'unknown')),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: RunningServer = {
    pid: child.pid ?? 0,
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}/v1/ws`,
    dataDir,
    recentOutput: () => [...output],
    stop: () => stopChild(child, exited, dataDir),
  };
  try {
    await waitHealthy(baseUrl, exited, 30_000);
  } catch (e) {
    await server.stop();
    const tail = output.slice(-30).join('\n  ');
    throw new Error(`${(e as Error).message}\n  server output:\n  ${tail || '(none)'}`);
  }
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

async function stopChild(child: ChildProcess, exited: Promise<unknown>, dataDir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
  await rm(dataDir, { recursive: true, force: true });
}
