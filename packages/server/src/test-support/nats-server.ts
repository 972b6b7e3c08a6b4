// A private nats-server for tests that stop and restart the broker (never the machine's shared
// one on 4222): its own port and store directory, restarted on the same port.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../free-port.js';

const BIN = process.env['ANYTIME_TEST_NATS_SERVER'] ?? '/usr/sbin/nats-server';

export interface OwnNats {
  url: string;
  /** Stops the server (SIGKILL by default: nothing is flushed to anyone). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port (after stop). */
  start(): Promise<void>;
  /** Stops it for good and removes its directory. */
  close(): Promise<void>;
}

export async function startOwnNats(): Promise<OwnNats> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'anytime-nats-'));
  let proc: ChildProcess | undefined;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const p = spawn(BIN, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      proc = p;
      let out = '';
      const timer = setTimeout(() => reject(new Error(`nats-server did not start: ${out}`)), 15_000);
      const check = (d: Buffer) => {
        out += String(d);
        if (out.includes('Server is ready')) {
          clearTimeout(timer);
          resolve();
        }
      };
      p.stdout!.on('data', check);
      p.stderr!.on('data', check);
      p.once('error', reject);
      p.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`nats-server exited (${code}): ${out}`));
      });
    });

  const stop = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const p = proc;
    proc = undefined;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill(signal);
    await exited;
  };

  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
