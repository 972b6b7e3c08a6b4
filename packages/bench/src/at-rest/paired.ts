// The at-rest overhead measured in pairs (`--paired N`): one process opens an "off" and an "on"
// bench on SQLite and alternates windows of `seconds` between them, N windows each (order
// swapped every pair), so that a shared machine's load hits both alike; prints each window and
// the medians of main-thread and whole-process CPU per send and of sends per second.
import { loadavg } from 'node:os';
import { mainThreadCpuUs, openFresh, PAIRS, startSending } from './send-load.js';

interface Window {
  encrypted: boolean;
  perSecond: number;
  mainUsPerSend: number;
  cpuUsPerSend: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function pairedWindows(windows: number, seconds: number): Promise<void> {
  const sides = await Promise.all([false, true].map((enc) => openFresh('sqlite', enc, undefined)));
  try {
    const chats = await Promise.all(sides.map((s) => s.bench.setup(PAIRS)));
    const run = async (encrypted: boolean): Promise<Window> => {
      const i = encrypted ? 1 : 0;
      let counting = false;
      const load = startSending(sides[i]!.bench, chats[i]!, () => counting);
      await new Promise((r) => setTimeout(r, 300)); // the loops reach full speed
      counting = true;
      const main0 = mainThreadCpuUs() ?? 0;
      const cpu0 = process.cpuUsage();
      const start = performance.now();
      await new Promise((r) => setTimeout(r, seconds * 1000));
      counting = false;
      const main = (mainThreadCpuUs() ?? 0) - main0;
      const cpu = process.cpuUsage(cpu0);
      const elapsed = (performance.now() - start) / 1000;
      const sends = Math.max(1, load.counted());
      await load.stop();
      return {
        encrypted,
        perSecond: sends / elapsed,
        mainUsPerSend: main / sends,
        cpuUsPerSend: (cpu.user + cpu.system) / sends,
      };
    };
    await run(false); // warm-up of both sides, not counted
    await run(true);
    const out: Window[] = [];
    for (let w = 0; w < windows; w++) {
      for (const enc of w % 2 === 0 ? [false, true] : [true, false]) {
        const r = await run(enc);
        out.push(r);
        console.log(JSON.stringify({ window: w, ...r, load1: +loadavg()[0]!.toFixed(2) }));
      }
    }
    const side = (enc: boolean, of: (w: Window) => number) => median(out.filter((w) => w.encrypted === enc).map(of));
    const [offMain, onMain] = [side(false, (w) => w.mainUsPerSend), side(true, (w) => w.mainUsPerSend)];
    const [offCpu, onCpu] = [side(false, (w) => w.cpuUsPerSend), side(true, (w) => w.cpuUsPerSend)];
    const [offRate, onRate] = [side(false, (w) => w.perSecond), side(true, (w) => w.perSecond)];
    console.log(
      JSON.stringify({
        paired: windows,
        seconds,
        mainUsPerSendOff: +offMain.toFixed(1),
        mainUsPerSendOn: +onMain.toFixed(1),
        mainRatio: +(onMain / offMain).toFixed(3),
        cpuUsPerSendOff: +offCpu.toFixed(1),
        cpuUsPerSendOn: +onCpu.toFixed(1),
        cpuRatio: +(onCpu / offCpu).toFixed(3),
        offPerSecond: Math.round(offRate),
        onPerSecond: Math.round(onRate),
        overheadPercent: +(((offRate - onRate) / offRate) * 100).toFixed(1),
        load1: +loadavg()[0]!.toFixed(2),
      }),
    );
  } finally {
    for (const s of sides) await s.drop();
  }
}
