// A real test server in a child Node process, for component tests: jsdom's module transform
// cannot load the server's sources in-process, so this runs the built server
// (packages/server/dist, from `npm run build`) with a fresh database, as the e2e tests do.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ChildServer {
  url: string;
  close(): Promise<void>;
}

const DIST = resolve(process.cwd(), 'packages/server/dist/index.js');

const SCRIPT = `
const { startTestServer } = await import(process.env.SERVER_DIST);
const s = await startTestServer({ env: JSON.parse(process.env.SERVER_ENV ?? '{}') });
process.stdout.write('URL ' + s.url + '\\n');
process.stdin.on('end', () => s.close().then(() => process.exit(0)));
process.stdin.resume();
`;

/** `env`: server settings for this test server (e.g. a small MEDIA_MAX_BYTES). */
export function startTestServer(env: Record<string, string> = {}): Promise<ChildServer> {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: build first (npm run build)`);
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    env: { ...process.env, SERVER_DIST: DIST, SERVER_ENV: JSON.stringify(env) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((done, fail) => {
    let out = '';
    child.once('exit', (code) => fail(new Error(`test server exited (${code})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /URL (\S+)\n/u.exec(out);
      if (!m?.[1]) return;
      child.removeAllListeners('exit');
      done({
        url: m[1],
        close: () =>
          new Promise<void>((closed) => {
            // Idle keep-alive sockets of the test's clients may hold the server's close up.
            const hard = setTimeout(() => child.kill('SIGKILL'), 5_000);
            child.once('exit', () => {
              clearTimeout(hard);
              closed();
            });
            child.stdin?.end();
          }),
      });
    });
  });
}
