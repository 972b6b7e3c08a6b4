// A real test server for component tests that run in jsdom: the server cannot load inside jsdom
// (it resolves files with Node's URL), so it runs in a child Node process from the built
// @anytime/server (run `npm run build` first), with a fresh SQLite database.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  url: string;
  close: () => Promise<void>;
}

const SCRIPT = `
const { startTestServer } = await import('@anytime/server');
const s = await startTestServer();
process.stdout.write('URL ' + s.url + '\\n');
process.on('SIGTERM', () => {
  // Idle keep-alive sockets of the test's clients may hold close() up: do not wait long for them.
  Promise.race([s.close(), new Promise((r) => setTimeout(r, 2000))]).finally(() => process.exit(0));
});
`;

export function startServerProcess(): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    cwd: new globalThis.URL('../../../server/', import.meta.url).pathname,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /URL (\S+)\n/.exec(out);
      if (m) {
        resolve({
          url: m[1]!,
          close: () =>
            new Promise<void>((done) => {
              const hard = setTimeout(() => child.kill('SIGKILL'), 5000);
              child.once('exit', () => {
                clearTimeout(hard);
                done();
              });
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`test server exited with ${code ?? 'a signal'}`)));
  });
}
