// Runs Prosody (Debian's package, installed when missing) from a fresh temporary directory:
// its own config file, port, data and log; started in the foreground as the prosody user
// (it refuses to run as root), pinned with taskset; stopped with SIGTERM, waiting for its pid.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../free-port.js';
import type { PeerStartOptions } from './ejabberd.js';
import {
  asUser,
  debianVersion,
  ensureInstalled,
  pidAlive,
  run,
  waitForPort,
  waitPidGone,
  type RunningPeer,
} from './peer-process.js';
import { prosodyConfig, PROSODY_MUC_SUBDOMAIN } from './prosody-config.js';

const PROSODY = '/usr/bin/prosody';

export async function startProsody(opts: PeerStartOptions): Promise<RunningPeer> {
  await ensureInstalled([{ pkg: 'prosody', present: () => existsSync(PROSODY) }]);
  const domain = opts.domain ?? 'localhost';
  const dir = await mkdtemp(join(tmpdir(), 'anytime-prosody-'));
  const port = await freePort();
  const configFile = join(dir, 'prosody.cfg.lua');
  await mkdir(join(dir, 'data'));
  await writeFile(configFile, prosodyConfig({ domain, c2sPort: port, dir }));
  await run('chown', ['-R', 'prosody:prosody', dir]);
  await run('chmod', ['755', dir]);

  // taskset and setpriv exec in place, so the child's pid is Prosody's (lua) own.
  const child = spawn('taskset', ['-c', opts.cpus, ...asUser('prosody', dir), PROSODY, '-F', '--config', configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (b: Buffer) => {
    output.push(...b.toString('utf8').split('\n').filter(Boolean));
    if (output.length > 100) output.splice(0, output.length - 100);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const pid = child.pid ?? 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (pidAlive(pid)) {
      child.kill('SIGTERM');
      await Promise.race([exited, waitPidGone(pid, 20_000)]);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort('127.0.0.1', port, 30_000, () => pidAlive(pid));
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\nprosody output:\n  ${output.slice(-20).join('\n  ')}`);
  }
  return {
    name: 'prosody',
    version: await debianVersion('prosody'),
    pid,
    host: '127.0.0.1',
    port,
    domain,
    mucDomain: `${PROSODY_MUC_SUBDOMAIN}.${domain}`,
    cpus: opts.cpus,
    stop,
  };
}
