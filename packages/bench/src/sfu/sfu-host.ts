// Child process of the SFU capacity bench: runs one SFU alone (chosen by SFU_BENCH_SFU, see
// bench-sfu.ts), so its CPU is measured apart from the synthetic participants. Talks to the
// coordinator over IPC; reports the pids whose CPU is the SFU's (this process, plus Janus's).
import type { CallSignal } from '@anytime/protocol';
import { createBenchSfu, type BenchSfu } from './bench-sfu.js';
import { isSfuKind } from './sfu-options.js';

export type SfuHostIn =
  | { t: 'join'; callId: string; who: { userId: string; deviceId: string } }
  | { t: 'signal'; callId: string; deviceId: string; signal: CallSignal }
  | { t: 'snapshot' }
  | { t: 'close' };
export type SfuHostOut =
  | { t: 'ready'; pids: number[] }
  | { t: 'signal'; deviceId: string; signal: CallSignal }
  | { t: 'snapshot'; packetsIn: number | null; packetsOut: number | null; hangups: number | null };

const send = (m: SfuHostOut) => process.send?.(m);
const kind = process.env['SFU_BENCH_SFU'] ?? 'werift';
if (!isSfuKind(kind)) throw new Error(`SFU_BENCH_SFU must be werift or janus, not ${kind}`);

let sfu: BenchSfu | null = null;
const pending: SfuHostIn[] = [];

function handle(s: BenchSfu, m: SfuHostIn): void {
  if (m.t === 'join') void s.port.join(m.callId, m.who).catch((e: unknown) => console.error('sfu join failed', e));
  else if (m.t === 'signal') void s.port.signal(m.callId, m.deviceId, m.signal).catch(() => undefined);
  else if (m.t === 'snapshot') {
    send({ t: 'snapshot', ...(s.counters() ?? { packetsIn: null, packetsOut: null }), hangups: s.hangups() });
  } else void s.close().then(() => process.exit(0));
}

process.on('message', (m: SfuHostIn) => {
  if (sfu) handle(sfu, m);
  else pending.push(m);
});

void createBenchSfu(kind, (_c, to, signal) => send({ t: 'signal', deviceId: to.deviceId, signal })).then((s) => {
  sfu = s;
  send({ t: 'ready', pids: [process.pid, ...s.extraPids] });
  for (const m of pending.splice(0)) handle(s, m);
});
