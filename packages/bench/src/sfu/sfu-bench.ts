// The SFU capacity benchmark (`npm run bench:sfu -w @anytime/bench [-- 4,10,25,40]`): for each
// call size N, N synthetic participants (werift peers through the SDK's SfuCallSession, in two
// child processes) each publish ~400 kbps VP8 + 32 kbps Opus from one ffmpeg and receive all the
// others through the werift SFU running alone in its own child process. Over a 10 s window it
// records the SFU's CPU, packets in and out per second, and how much of what should reach the
// participants did (delivery). Writes JSON to packages/bench/results/ and prints a Markdown table.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Call } from '@anytime/protocol';
import { cpuSeconds, machineBusySeconds } from '../proc-stats.js';
import type { HostIn, HostOut } from './participant-host.js';
import type { SfuHostIn, SfuHostOut } from './sfu-host.js';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const WINDOW_MS = 10_000;
const CALL_ID = 'bench-call';

export interface SfuRunResult {
  participants: number;
  connected: number;
  /** Streams (audio + video) the participants receive: N × (N − 1) × 2 when all is well. */
  receivingStreams: number;
  sfuCpuPercent: number;
  participantsCpuPercent: number;
  machineCpuPercent: number | null;
  packetsInPerSecond: number;
  packetsOutPerSecond: number;
  forwardedMbps: number;
  /** Packets participants received / packets the SFU should have forwarded (in × (N − 1)). */
  deliveryPct: number;
}

function startEncoder(audioPort: number, videoPort: number): ChildProcess {
  return spawn(
    process.env['FFMPEG_PATH'] ?? 'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-re'],
      ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440'],
      ...['-map', '0:v', '-c:v', 'libvpx', '-b:v', '400k', '-deadline', 'realtime', '-cpu-used', '8', '-g', '60'],
      ...['-payload_type', '96', '-f', 'rtp', `rtp://127.0.0.1:${videoPort}?pkt_size=1200`],
      ...['-map', '1:a', '-c:a', 'libopus', '-b:a', '32k', '-payload_type', '111'],
      ...['-f', 'rtp', `rtp://127.0.0.1:${audioPort}?pkt_size=1200`],
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

function once<T>(child: ChildProcess, match: (m: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: T) => {
      if (!match(m)) return;
      child.off('message', on);
      resolve(m);
    };
    child.on('message', on);
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runSize(n: number): Promise<SfuRunResult> {
  const sfu = fork(here('./sfu-host.js'));
  const hosts = [fork(here('./participant-host.js')), fork(here('./participant-host.js'))];
  const ports = await Promise.all(hosts.map((h) => once<HostOut>(h, (m) => m.t === 'ports')));
  // One encoder; the coordinator copies each of its packets to every participant host.
  const relay = (kind: 'audio' | 'video') => {
    const out = createSocket('udp4');
    const sock = createSocket('udp4');
    sock.on('message', (buf) => {
      for (const p of ports) if (p.t === 'ports') out.send(buf, p[kind], '127.0.0.1');
    });
    return new Promise<{ port: number; close: () => void }>((r) =>
      sock.bind(0, '127.0.0.1', () => r({ port: sock.address().port, close: () => (sock.close(), out.close()) })),
    );
  };
  const [audioIn, videoIn] = await Promise.all([relay('audio'), relay('video')]);
  const encoder = startEncoder(audioIn.port, videoIn.port);

  const hostOf = new Map<string, ChildProcess>();
  sfu.on('message', (m: SfuHostOut) => {
    if (m.t === 'signal')
      hostOf.get(m.deviceId)?.send({ t: 'signal', deviceId: m.deviceId, signal: m.signal } satisfies HostIn);
  });
  for (const h of hosts) {
    h.on('message', (m: HostOut) => {
      if (m.t === 'signal')
        sfu.send({ t: 'signal', callId: CALL_ID, deviceId: m.deviceId, signal: m.signal } satisfies SfuHostIn);
    });
  }
  const deviceIds: string[] = [];
  const now = new Date().toISOString();
  for (let i = 0; i < n; i++) {
    const who = { userId: `u${i}`, deviceId: `d${i}` };
    deviceIds.push(who.deviceId);
    const host = hosts[i % hosts.length]!;
    hostOf.set(who.deviceId, host);
    const call: Call = {
      id: CALL_ID,
      conversationId: 'bench',
      topology: 'sfu',
      media: 'video',
      callerId: 'u0',
      callerDeviceId: 'd0',
      status: 'active',
      createdAt: now,
      answeredAt: now,
      endedAt: null,
      endReason: null,
      participants: [],
      ringing: [],
    };
    host.send({ t: 'add', call, who } satisfies HostIn);
    sfu.send({ t: 'join', callId: CALL_ID, who } satisfies SfuHostIn);
    await pause(150);
  }

  const count = async () => {
    const counts = await Promise.all(
      hosts.map((h) => {
        const reply = once<HostOut>(h, (m) => m.t === 'count');
        h.send({ t: 'count', deviceIds } satisfies HostIn);
        return reply;
      }),
    );
    let packets = 0;
    let connected = 0;
    let streams = 0;
    for (const c of counts) {
      if (c.t !== 'count') continue;
      packets += c.packets;
      connected += c.connected;
      streams += c.streams;
    }
    return { packets, connected, streams };
  };
  const snapshot = async () => {
    const reply = once<SfuHostOut>(sfu, (m) => m.t === 'snapshot');
    sfu.send({ t: 'snapshot' } satisfies SfuHostIn);
    const m = await reply;
    if (m.t !== 'snapshot') throw new Error('unexpected reply');
    return m.snapshot.counters;
  };

  // Settle: everyone connected and receiving the others (or 60 s), then a short warm-up.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const c = await count();
    if (c.connected === n && c.streams >= n * (n - 1) * 2) break;
    await pause(1_000);
  }
  await pause(3_000);

  const cpu = () => ({
    sfu: cpuSeconds(sfu.pid!) ?? 0,
    hosts: hosts.reduce((s, h) => s + (cpuSeconds(h.pid!) ?? 0), 0),
    machine: machineBusySeconds(),
  });
  const c0 = await count();
  const s0 = await snapshot();
  const cpu0 = cpu();
  const t0 = Date.now();
  await pause(WINDOW_MS);
  const c1 = await count();
  const s1 = await snapshot();
  const cpu1 = cpu();
  const secs = (Date.now() - t0) / 1000;

  const packetsIn = s1.packetsIn - s0.packetsIn;
  const expected = packetsIn * (n - 1);
  const result: SfuRunResult = {
    participants: n,
    connected: c1.connected,
    receivingStreams: c1.streams,
    sfuCpuPercent: round(((cpu1.sfu - cpu0.sfu) / secs) * 100),
    participantsCpuPercent: round(((cpu1.hosts - cpu0.hosts) / secs) * 100),
    machineCpuPercent:
      cpu0.machine !== undefined && cpu1.machine !== undefined
        ? round(((cpu1.machine - cpu0.machine) / secs) * 100)
        : null,
    packetsInPerSecond: round(packetsIn / secs),
    packetsOutPerSecond: round((s1.packetsOut - s0.packetsOut) / secs),
    forwardedMbps: round(((s1.bytesOut - s0.bytesOut) * 8) / secs / 1e6),
    deliveryPct: expected > 0 ? round(((c1.packets - c0.packets) / expected) * 100) : 0,
  };

  encoder.kill('SIGTERM');
  audioIn.close();
  videoIn.close();
  sfu.send({ t: 'close' } satisfies SfuHostIn);
  for (const h of hosts) h.send({ t: 'close' } satisfies HostIn);
  await pause(1_000);
  for (const child of [sfu, ...hosts]) if (child.exitCode === null) child.kill('SIGKILL');
  return result;
}

const round = (x: number) => Math.round(x * 10) / 10;

export function markdownTable(results: SfuRunResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.participants} | ${r.connected} | ${r.receivingStreams} | ${r.sfuCpuPercent} | ${r.participantsCpuPercent} | ${r.machineCpuPercent ?? '-'} | ${r.packetsInPerSecond} | ${r.packetsOutPerSecond} | ${r.forwardedMbps} | ${r.deliveryPct} |`,
  );
  return [
    '| N | connected | streams received | SFU CPU % | participants CPU % | machine CPU % (of 200) | pkts in/s | pkts out/s | forwarded Mbit/s | delivered % |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

async function main(): Promise<void> {
  const sizes = (process.argv[2] ?? '4,10,25,40').split(',').map(Number);
  const results: SfuRunResult[] = [];
  for (const n of sizes) {
    const r = await runSize(n);
    results.push(r);
    console.log(JSON.stringify(r));
  }
  const dir = here('../../results');
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/sfu-${new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-')}Z.json`;
  writeFileSync(file, JSON.stringify({ sfu: 'werift', window_ms: WINDOW_MS, results }, null, 2));
  console.log(markdownTable(results));
  console.log(`results: ${file}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
