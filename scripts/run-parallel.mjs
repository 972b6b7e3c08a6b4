// Runs npm scripts two at a time (npm test's build and static checks, none of which needs another's
// output), printing each one's output in one piece when it ends. Exits non-zero, after the running
// ones end, if any failed; scripts not started yet then are not started.
// Usage: node scripts/run-parallel.mjs build typecheck lint format:check
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('usage: node scripts/run-parallel.mjs <npm script>...');
  process.exit(2);
}
const CONCURRENCY = 2;

/** Runs `npm run <name>`; resolves to whether it succeeded, after printing its output. */
function run(name) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('error', (e) => out.push(Buffer.from(`${e.message}\n`)));
    child.on('close', (code, signal) => {
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      const ok = code === 0;
      process.stdout.write(`\n> npm run ${name}\n${Buffer.concat(out).toString()}`);
      process.stdout.write(`${ok ? 'ok' : `FAILED (${signal ?? `exit ${code}`})`}: npm run ${name} (${secs} s)\n`);
      resolve(ok);
    });
  });
}

const queue = [...scripts];
let failed = false;
async function lane() {
  for (let name = queue.shift(); name !== undefined && !failed; name = queue.shift()) {
    if (!(await run(name))) failed = true;
  }
}
await Promise.all(Array.from({ length: Math.min(CONCURRENCY, scripts.length) }, lane));
process.exit(failed ? 1 : 0);
