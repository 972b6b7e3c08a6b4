// A private coturn (Debian's turnserver) for tests of TURN: its own free port, relay port range
// and temp dir, the TURN REST API shared secret (--use-auth-secret), no TLS, loopback peers
// allowed (everything in a test is on 127.0.0.1). Exported from @anytime/server for the
// Chromium relay-only call test. Built with the server (like testing.ts), not under test-support/. Gives the env a test server needs to hand out credentials.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = process.env['ANYTIME_TEST_TURNSERVER'] ?? '/usr/bin/turnserver';

export interface Coturn {
  /** 127.0.0.1:port (UDP and TCP). */
  host: string;
  port: number;
  secret: string;
  realm: string;
  /** turn: URL for UDP (TURN_URLS). */
  url: string;
  /** Env for startTestServer: TURN_URLS, TURN_SECRET (and STUN_URLS at the same server). */
  env: Record<string, string>;
  /** coturn's log so far (for failed tests). */
  log(): string;
  close(): Promise<void>;
}

/** A UDP port free on 127.0.0.1 now (coturn also takes the same TCP port; a clash is retried by the caller). */
function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Whether a STUN server answers a Binding request on 127.0.0.1:port within 300 ms. */
export function stunAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    const req = Buffer.alloc(20);
    req.writeUInt16BE(0x0001, 0); // Binding request
    req.writeUInt32BE(0x2112a442, 4); // magic cookie
    randomBytes(12).copy(req, 8);
    const done = (ok: boolean) => {
      clearTimeout(t);
      s.close();
      resolve(ok);
    };
    const t = setTimeout(() => done(false), 300);
    s.once('message', (m) => done(m.length >= 20 && m.readUInt16BE(0) === 0x0101));
    s.once('error', () => done(false));
    s.send(req, port, '127.0.0.1');
  });
}

export async function startCoturn(opts: { realm?: string; secret?: string } = {}): Promise<Coturn> {
  const port = await freeUdpPort();
  // A relay range of its own, away from the usual ephemeral ports of other tests.
  const minPort = 40_000 + Math.floor(Math.random() * 200) * 100;
  const dir = mkdtempSync(join(tmpdir(), 'anytime-coturn-'));
  const secret = opts.secret ?? randomBytes(24).toString('hex');
  const realm = opts.realm ?? 'anytime.test';
  const logFile = join(dir, 'turn.log');
  const args = [
    ...['-n', '--no-cli', '--no-tls', '--no-dtls', '--simple-log', '--log-file', logFile],
    ...['--listening-ip', '127.0.0.1', '--relay-ip', '127.0.0.1', '--listening-port', String(port)],
    ...['--min-port', String(minPort), '--max-port', String(minPort + 99)],
    ...['--use-auth-secret', `--static-auth-secret=${secret}`, '--realm', realm],
    ...['--allow-loopback-peers', '--no-multicast-peers', '--fingerprint'],
    ...['--pidfile', join(dir, 'turn.pid'), '--userdb', join(dir, 'turndb')],
  ];
  const proc: ChildProcess = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += String(d)));
  proc.stderr!.on('data', (d: Buffer) => (out += String(d)));
  const log = () => {
    try {
      return out + readFileSync(logFile, 'utf8');
    } catch {
      return out;
    }
  };
  // Ready once it answers a STUN Binding request on its port.
  const deadline = Date.now() + 15_000;
  while (!(await stunAnswers(port))) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`turnserver did not start (${proc.exitCode}): ${log().slice(-2_000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = `turn:127.0.0.1:${port}?transport=udp`;
  return {
    host: '127.0.0.1',
    port,
    secret,
    realm,
    url,
    env: {
      TURN_URLS: `${url},turn:127.0.0.1:${port}?transport=tcp`,
      TURN_SECRET: secret,
      STUN_URLS: `stun:127.0.0.1:${port}`,
    },
    log,
    async close() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise<void>((r) => proc.once('exit', () => r()));
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
