// The benchmark's smoke run, part of `npm test`: the built load generator starts the built
// server, runs a few scenarios for a second each with --quick on two load worker threads
// (closed loop, open loop and a group whose members are split over the workers), and checks
// every delivery.
// It asserts that the run works and reports, never a speed (speed is for `npm run bench`).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

it('runs the quick benchmark end to end with every delivery checked', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [MAIN, '--quick', '--load-workers', '2', '--only', 'a,b1,c,d,i'],
    {
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  expect(stdout).toContain('load generator: 2 worker thread(s)');
  for (const row of ['a. durable sends', 'b1. durable sends', 'c. send->deliver', 'd. fan-out', 'i. cold start']) {
    expect(stdout).toContain(row);
  }
  // A failed delivery check makes the process exit non-zero (execFile rejects); no problem lines either.
  expect(stdout).not.toContain('problem:');
  expect(stdout).toContain('not written');
}, 150_000);
