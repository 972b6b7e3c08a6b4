// Runs ejabberd (Debian's package, installed when missing) from a fresh temporary directory:
// its own config, ports, Erlang node, logs and Mnesia spool; started as the ejabberd user,
// pinned with taskset; stopped with ejabberdctl, waiting for beam.smp's pid to exit.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../free-port.js';
import { ejabberdctlCfg, ejabberdYaml, MUC_SUBDOMAIN, type EjabberdConfigInput } from './ejabberd-config.js';
import {
  asUser,
  debianVersion,
  ensureInstalled,
  readPidFile,
  run,
  waitForPort,
  waitPidGone,
  pidAlive,
  type RunningPeer,
} from './peer-process.js';

const EJABBERDCTL = '/usr/sbin/ejabberdctl';

export interface PeerStartOptions {
  /** taskset CPU list the server runs on. */
  cpus: string;
  domain?: string;
  /** ejabberd only: its storage backend (Mnesia by default). */
  storage?: 'mnesia' | 'sqlite';
}

export async function startEjabberd(opts: PeerStartOptions): Promise<RunningPeer> {
  await ensureInstalled([{ pkg: 'ejabberd', present: () => existsSync(EJABBERDCTL) }]);
  const domain = opts.domain ?? 'localhost';
  const dir = await mkdtemp(join(tmpdir(), 'anytime-ejabberd-'));
  const cfg: EjabberdConfigInput = {
    domain,
    c2sPort: await freePort(),
    distPort: await freePort(),
    dir,
    node: `anytimebench${randomBytes(3).toString('hex')}@localhost`,
    cookie: randomBytes(12).toString('hex'),
    storage: opts.storage ?? 'mnesia',
  };
  if (cfg.storage === 'sqlite') {
    const erlangLib = '/usr/lib/erlang/lib';
    const present = () => existsSync(erlangLib) && readdirSync(erlangLib).some((d) => d.startsWith('p1_sqlite3-'));
    await ensureInstalled([{ pkg: 'erlang-p1-sqlite3', present }]);
  }
  await mkdir(join(dir, 'logs'));
  await mkdir(join(dir, 'spool'));
  await writeFile(join(dir, 'ejabberd.yml'), ejabberdYaml(cfg));
  await writeFile(join(dir, 'ejabberdctl.cfg'), ejabberdctlCfg(cfg));
  await copyFile('/etc/ejabberd/inetrc', join(dir, 'inetrc'));
  await run('chown', ['-R', 'ejabberd:ejabberd', dir]);
  await run('chmod', ['755', dir]);

  // Run as the ejabberd user directly: through root, ejabberdctl re-execs via su, which drops
  // the open-file limit to 1024.
  const ctl = (args: string[], pin = false) =>
    run(pin ? 'taskset' : 'env', [
      ...(pin ? ['-c', opts.cpus] : []),
      ...asUser('ejabberd', '/var/lib/ejabberd'),
      EJABBERDCTL,
      '--config-dir',
      dir,
      '--logs',
      join(dir, 'logs'),
      '--spool',
      join(dir, 'spool'),
      ...args,
    ]);
  const cleanup = () => rm(dir, { recursive: true, force: true });
  let pid = 0;
  try {
    await ctl(['start'], true);
    await ctl(['started']);
    pid = await readPidFile(join(dir, 'ejabberd.pid'), 30_000);
    await waitForPort('127.0.0.1', cfg.c2sPort, 30_000, () => pidAlive(pid));
  } catch (e) {
    await ctl(['stop']).catch(() => undefined);
    if (pid) await waitPidGone(pid, 20_000);
    await cleanup();
    throw e;
  }
  const version = await debianVersion('ejabberd');
  return {
    name: cfg.storage === 'sqlite' ? 'ejabberd-sqlite' : 'ejabberd',
    version,
    pid,
    host: '127.0.0.1',
    port: cfg.c2sPort,
    domain,
    mucDomain: `${MUC_SUBDOMAIN}.${domain}`,
    cpus: opts.cpus,
    stop: async () => {
      // `ejabberdctl stop` returns before beam.smp exits: wait on the pid.
      await ctl(['stop']).catch((e: unknown) => console.warn(`ejabberdctl stop: ${(e as Error).message}`));
      await waitPidGone(pid, 30_000);
      await cleanup();
    },
  };
}
