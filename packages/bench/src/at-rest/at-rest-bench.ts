// Encryption at rest, measured (docs/benchmarks.md, "Encryption at rest"): durable 1:1 sends per
// second through the server's own send action and storage, with encryption on and off, on SQLite
// and PostgreSQL; then search latency over the blind index of what was sent.
//   npm run bench:at-rest -w @anytime/bench [-- --seconds 8 --rounds 2 --database-url postgres://...]
// "Off" exists only here: the same storage classes opened without a keyring (the server has no
// switch). Rounds alternate the order (off/on, on/off) so that machine noise hits both. Each run
// also reports CPU per send (whole process and main thread), SQL statements per send and the load
// average; the summary gives the on/off CPU ratio, the less noisy figure on a shared machine.
import { loadavg } from 'node:os';
import { countStatements, type AtRestBench } from '@anytime/server/at-rest-bench';
import { pairedWindows } from './paired.js';
import { mainThreadCpuUs, openFresh, PAIRS, startSending } from './send-load.js';

function arg(name: string, dflt: string | undefined): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

const seconds = Number(arg('--seconds', '8'));
const rounds = Number(arg('--rounds', '2'));
const databaseUrl = arg('--database-url', undefined);
const paired = arg('--paired', undefined);

interface Run {
  backend: string;
  encrypted: boolean;
  perSecond: number;
  /** CPU of the whole process (all threads) per counted send, in microseconds. */
  cpuUsPerSend: number;
  /** CPU of the main thread (where every query and seal runs) per send; undefined off Linux. */
  mainUsPerSend: number | undefined;
  statementsPerSend: number;
  load1: number;
}

async function measure(backend: 'sqlite' | 'postgres', encrypted: boolean, searchToo: boolean): Promise<Run> {
  const { bench, drop } = await openFresh(backend, encrypted, databaseUrl);
  try {
    const chats = await bench.setup(PAIRS);
    let counting = false;
    const load = startSending(bench, chats, () => counting);
    await new Promise((r) => setTimeout(r, 1000)); // warm-up
    counting = true;
    const statements = countStatements();
    const cpu0 = process.cpuUsage();
    const main0 = mainThreadCpuUs();
    const start = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    counting = false;
    const elapsed = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const main1 = mainThreadCpuUs();
    const statementCount = statements();
    const counted = load.counted();
    const sends = Math.max(1, counted);
    await load.stop();
    const run: Run = {
      backend,
      encrypted,
      perSecond: counted / elapsed,
      cpuUsPerSend: +((cpu.user + cpu.system) / sends).toFixed(1),
      mainUsPerSend: main0 !== undefined && main1 !== undefined ? +((main1 - main0) / sends).toFixed(1) : undefined,
      statementsPerSend: +(statementCount / sends).toFixed(2),
      load1: +loadavg()[0]!.toFixed(2),
    };
    console.log(JSON.stringify({ ...run, sent: load.sent() }));
    if (searchToo) await searchLatency(bench, chats[0]!.userId, load.sent());
    return run;
  } finally {
    await drop();
  }
}

async function searchLatency(bench: AtRestBench, userId: string, total: number): Promise<void> {
  const t0 = performance.now();
  await bench.index();
  const indexSeconds = (performance.now() - t0) / 1000;
  const queries: [string, string][] = [
    ['word', 'restaurant'],
    ['prefix', 'restau'],
    ['infix', 'aurant'],
    ['two words', 'holiday invoice'],
    ['no match', 'zzqqxx'],
  ];
  for (const [label, q] of queries) {
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < 30; i++) {
      const s = performance.now();
      hits = await bench.search(userId, q);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    const p = (x: number) => times[Math.min(times.length - 1, Math.floor(x * times.length))]!.toFixed(2);
    console.log(
      JSON.stringify({
        search: label,
        q,
        messages: total,
        indexSeconds: +indexSeconds.toFixed(1),
        hits,
        p50: p(0.5),
        p90: p(0.9),
        max: p(1),
      }),
    );
  }
}

if (paired) {
  await pairedWindows(Number(paired), seconds);
  process.exit(0);
}

const backends: ('sqlite' | 'postgres')[] = databaseUrl ? ['sqlite', 'postgres'] : ['sqlite'];
const runs: Run[] = [];
for (const backend of backends) {
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [false, true] : [true, false];
    for (const encrypted of order) runs.push(await measure(backend, encrypted, encrypted && r === rounds - 1));
  }
}
for (const backend of backends) {
  const mean = (enc: boolean, of: (r: Run) => number | undefined) => {
    const xs = runs.filter((x) => x.backend === backend && x.encrypted === enc).map(of);
    if (xs.some((x) => x === undefined)) return undefined;
    return (xs as number[]).reduce((a, b) => a + b, 0) / xs.length;
  };
  const off = mean(false, (r) => r.perSecond)!;
  const on = mean(true, (r) => r.perSecond)!;
  const cpuOff = mean(false, (r) => r.cpuUsPerSend)!;
  const cpuOn = mean(true, (r) => r.cpuUsPerSend)!;
  const mainOff = mean(false, (r) => r.mainUsPerSend);
  const mainOn = mean(true, (r) => r.mainUsPerSend);
  console.log(
    JSON.stringify({
      backend,
      offPerSecond: Math.round(off),
      onPerSecond: Math.round(on),
      overheadPercent: +(((off - on) / off) * 100).toFixed(1),
      cpuUsPerSendOff: +cpuOff.toFixed(1),
      cpuUsPerSendOn: +cpuOn.toFixed(1),
      // The less noisy measure on a shared machine: CPU per send on / off.
      cpuRatio: +(cpuOn / cpuOff).toFixed(3),
      mainUsPerSendOff: mainOff === undefined ? undefined : +mainOff.toFixed(1),
      mainUsPerSendOn: mainOn === undefined ? undefined : +mainOn.toFixed(1),
      mainRatio: mainOff === undefined || mainOn === undefined ? undefined : +(mainOn / mainOff).toFixed(3),
      statementsPerSendOff: +mean(false, (r) => r.statementsPerSend)!.toFixed(2),
      statementsPerSendOn: +mean(true, (r) => r.statementsPerSend)!.toFixed(2),
      load1: runs.filter((x) => x.backend === backend).map((x) => x.load1),
    }),
  );
}
