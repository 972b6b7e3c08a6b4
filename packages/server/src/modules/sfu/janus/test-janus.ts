// A private Janus (Debian's /usr/bin/janus) for tests and benches: its own temp config dir with
// only the VideoRoom plugin and the WebSocket transport enabled, a free WS port on 127.0.0.1, its
// own RTP port range, no STUN/NAT lookups (nothing leaves the machine). Exported from
// @anytime/server like startCoturn.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../free-port.js';

const BIN = process.env['ANYTIME_TEST_JANUS'] ?? '/usr/bin/janus';
const LIB = process.env['ANYTIME_TEST_JANUS_LIB'] ?? '/usr/lib/x86_64-linux-gnu/janus';

export interface StartJanusOptions {
  /** API secret Janus requires on every request (JANUS_API_SECRET). */
  apiSecret?: string;
  /** WebSocket port (default: a free one). Restarting on the same port simulates a Janus restart. */
  port?: number;
  /** Janus debug level 0-7 (default 3, or ANYTIME_TEST_JANUS_DEBUG). */
  debugLevel?: number;
  /**
   * janus.jcfg `event_loops`: 0 (Janus's default) runs a thread per handle; N shares N loops
   * among all handles (fewer threads and wake-ups under load). Default ANYTIME_TEST_JANUS_EVENT_LOOPS or 0.
   */
  eventLoops?: number;
}

export interface TestJanus {
  /** ws://127.0.0.1:port (JANUS_URL). */
  url: string;
  port: number;
  /** Env for startTestServer: CALLS_SFU=janus, JANUS_URL (and JANUS_API_SECRET). */
  env: Record<string, string>;
  pid: number;
  /** Janus's output so far (for failed tests). */
  log(): string;
  stop(): Promise<void>;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/** Every .so in a Janus library folder except the ones kept (the "disable" list of janus.jcfg). */
function othersThan(folder: string, keep: string): string {
  try {
    return readdirSync(join(LIB, folder))
      .filter((f) => f.endsWith('.so') && f !== keep)
      .join(',');
  } catch {
    return '';
  }
}

export async function startJanus(opts: StartJanusOptions = {}): Promise<TestJanus> {
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'anytime-janus-'));
  const rtpMin = 20_000 + Math.floor(Math.random() * 180) * 100;
  const secret = opts.apiSecret ? `\tapi_secret = "${opts.apiSecret}"\n` : '';
  writeFileSync(
    join(dir, 'janus.jcfg'),
    `general: {
\tconfigs_folder = "${dir}"
\tplugins_folder = "${LIB}/plugins"
\ttransports_folder = "${LIB}/transports"
\tevents_folder = "${LIB}/events"
\tloggers_folder = "${LIB}/loggers"
\tdebug_level = ${opts.debugLevel ?? Number(process.env['ANYTIME_TEST_JANUS_DEBUG'] ?? 3)}
\tsession_timeout = 60
\tevent_loops = ${opts.eventLoops ?? Number(process.env['ANYTIME_TEST_JANUS_EVENT_LOOPS'] ?? 0)}
\tserver_name = "anytime-test"
${secret}}
media: {
\trtp_port_range = "${rtpMin}-${rtpMin + 99}"
}
plugins: {
\tdisable = "${othersThan('plugins', 'libjanus_videoroom.so')}"
}
transports: {
\tdisable = "${othersThan('transports', 'libjanus_websockets.so')}"
}
events: {
\tbroadcast = false
}
loggers: {
\tdisable = "${othersThan('loggers', '')}"
}
`,
  );
  writeFileSync(
    join(dir, 'janus.transport.websockets.jcfg'),
    `general: {\n\tjson = "compact"\n\tws = true\n\tws_port = ${port}\n\tws_ip = "127.0.0.1"\n\twss = false\n}\nadmin: {\n\tadmin_ws = false\n\tadmin_wss = false\n}\n`,
  );
  writeFileSync(join(dir, 'janus.plugin.videoroom.jcfg'), `general: {\n\tstring_ids = false\n}\n`);
  const proc: ChildProcess = spawn(BIN, ['-F', dir, '-C', join(dir, 'janus.jcfg'), '-o'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + String(d)).slice(-200_000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const deadline = Date.now() + 20_000;
  while (!(await listening(port))) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`janus did not start (${proc.exitCode}): ${out.slice(-3_000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = `ws://127.0.0.1:${port}`;
  return {
    url,
    port,
    pid: proc.pid ?? 0,
    env: {
      CALLS_SFU: 'janus',
      JANUS_URL: url,
      ...(opts.apiSecret ? { JANUS_API_SECRET: opts.apiSecret } : {}),
    },
    log: () => out,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise<void>((r) => proc.once('exit', () => r()));
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
