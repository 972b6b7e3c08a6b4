// What the ejabberd and Prosody modules share: installing Debian packages when missing,
// running commands (as a service user, pinned to CPUs), waiting for a port and for a pid.
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { sleep } from '../timing.js';

const execFileP = promisify(execFile);

/** A peer server started for a comparison. */
export interface RunningPeer {
  /** "ejabberd" or "prosody". */
  name: string;
  version: string;
  /** The server process whose CPU and memory are read from /proc. */
  pid: number;
  host: string;
  port: number;
  domain: string;
  /** Bare JID domain of its MUC service. */
  mucDomain: string;
  /** CPUs it is pinned to (taskset list). */
  cpus: string;
  /** Stops it, waits until its pid is gone, removes its directory. */
  stop(): Promise<void>;
}

export async function run(file: string, args: readonly string[], timeoutMs = 120_000): Promise<string> {
  try {
    const { stdout, stderr } = await execFileP(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
    return `${stdout}${stderr}`;
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

/** Installs the Debian packages that are missing (apt-get as root, non-interactive). */
export async function ensureInstalled(packages: readonly { pkg: string; present: () => boolean }[]): Promise<void> {
  const missing = packages.filter((p) => !p.present()).map((p) => p.pkg);
  if (!missing.length) return;
  console.log(`installing ${missing.join(', ')} from Debian's packages`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('apt-get', ['install', '-y', ...missing], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`apt-get install exited ${code}`))));
  });
}

/** `setpriv` arguments that run a command as a service user with its groups, keeping our rlimits. */
export function asUser(user: string, home: string): string[] {
  return ['setpriv', `--reuid=${user}`, `--regid=${user}`, '--init-groups', 'env', `HOME=${home}`];
}

/** Resolves when something accepts TCP connections on host:port. */
export async function waitForPort(host: string, port: number, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`the server exited before it listened on ${host}:${port}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, host);
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
}

export function pidAlive(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  try {
    // A zombie (state Z) has exited.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Waits until `pid` is gone; SIGKILLs it after `timeoutMs`. */
export async function waitPidGone(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pidAlive(pid)) {
    if (Date.now() >= deadline) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await sleep(200);
      return;
    }
    await sleep(50);
  }
}

/** Reads a pid file the server writes, waiting for it to appear. */
export async function readPidFile(path: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(path)) {
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (pid > 0) return pid;
    }
    await sleep(100);
  }
  throw new Error(`no pid in ${path} after ${timeoutMs} ms`);
}

/** The installed version of a Debian package ("23.01-1"). */
export async function debianVersion(pkg: string): Promise<string> {
  try {
    return (await run('dpkg-query', ['-W', '-f=${Version}', pkg])).trim();
  } catch {
    return 'unknown';
  }
}
