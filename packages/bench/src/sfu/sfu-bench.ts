// The SFU capacity benchmark (`npm run bench:sfu -w @anytime/bench -- [options]`, see sfu-options.ts).
// For each SFU (werift, Janus), audio profile and call size N: N synthetic participants (werift
// peers through the SDK's call session, spread over child processes) each publish VP8 + Opus from
// one ffmpeg and receive all the others through the SFU, which runs alone in its own child process.
// Participants join one after another (each waits for its connection), then, once every stream
// flows, a window records per-process CPU from /proc, packets sent and received, and per-stream
// loss from RTP sequence gaps at the receivers. JSON to packages/bench/results/, Markdown to stdout.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Call } from '@anytime/protocol';
import { writeDocument } from '../docs-section.js';
import { cpuSeconds, machineBusySeconds } from '../proc-stats.js';
import type { HostIn, HostOut, StreamCount } from './participant-host.js';
import type { SfuHostIn, SfuHostOut } from './sfu-host.js';
import { parseSfuOptions, SFU_USAGE, type AudioProfile, type SfuBenchOptions, type SfuKind } from './sfu-options.js';
import { setRmem, readRmem } from './rmem.js';
import { dropSnapshot, dropsBetween, type DropGroup } from './socket-drops.js';
import { splitLoss, streamStats } from './stream-stats.js';
import { udpRcvbufErrors } from './udp-drops.js';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const CALL_ID = 'bench-call';
/** How long one participant may take to connect before the next joins anyway. */
const CONNECT_WAIT_MS = 20_000;

export interface SfuRunResult {
  sfu: SfuKind;
  profile: AudioProfile;
  participants: number;
  connected: number;
  /** Forwarded streams (audio + video) that should reach receivers: N × (N − 1) × 2. */
  streamsExpected: number;
  /** Streams whose SFU offer did not name the sending participant (msid not one of the devices). */
  unnamedStreams: number;
  /** Streams that delivered at least one packet during the window. */
  streamsReceived: number;
  /** From the first join until every participant's connection was up. */
  connectSeconds: number;
  /** From the first join until every expected stream had delivered packets. */
  flowingSeconds: number | null;
  sfuCpuPercent: number;
  participantsCpuPercent: number;
  machineCpuPercent: number | null;
  loadAverage1m: number;
  /** Packets the participants published, per second (handed to their senders). */
  sentPerSecond: number;
  /** Packets the participants' senders put on the wire to the SFU, per second (werift's count). */
  publishedPerSecond: number;
  /** Participants whose senders put nothing on the wire in the window (their streams reach no one). */
  silentPublishers: number;
  /**
   * Participants whose senders did put packets on the wire but whose streams reached no receiver in
   * the window: the SFU took none of them (e.g. it had hung up that publisher's connection).
   */
  unforwardedPublishers: number;
  /** Publishers' PeerConnections Janus hung up from the first join to the window's end (null: werift). */
  sfuHangups: number | null;
  /** ICE restarts the participants asked for, from the first join to the window's end. */
  iceRestarts: number;
  /** Participants that asked for at least one of them. */
  restartingParticipants: number;
  /** Packets the participants received (forwarded by the SFU and not lost), per second. */
  receivedPerSecond: number;
  receivedMbps: number;
  /** The SFU's own counters where it has them (werift), per second. */
  sfuInPerSecond: number | null;
  sfuOutPerSecond: number | null;
  /** Packets missing by receivers' sequence numbers / packets expected, over all streams. */
  lossPct: number;
  worstStreamLossPct: number;
  streamsOver1PctLoss: number;
  /**
   * Packets lost on the way into the SFU, % of those published (null unless all connected): the SFU's own sequence gaps, from
   * the cumulative loss in its RTCP receiver reports to the publishers (reports come every ~1 s, so
   * the window's edges blur this by about a report interval).
   */
  upstreamLossPct: number | null;
  /**
   * Loss after the SFU, % of expected: receivers' gaps minus the upstream gaps every receiver of a
   * publisher inherits (both SFUs keep the publisher's sequence gaps when they rewrite numbers).
   */
  downstreamLossPct: number | null;
  /** Datagrams the kernel dropped machine-wide in the window because a socket's buffer was full. */
  udpRcvbufDrops: number | null;
  /**
   * The same kernel drops per socket (/proc/net/udp*), by owner: the SFU's processes (the host, and
   * Janus), the participants' WebRTC sockets, the bench's relay of ffmpeg's packets, everyone else.
   */
  socketDrops: { sfu: number; participants: number; relay: number; other: number };
  /** Receive-buffer sizes in force (bytes): what a socket that does not set SO_RCVBUF gets, and the cap. */
  rmemDefault: number | null;
  rmemMax: number | null;
  /** SFU CPU time per packet received by a participant, microseconds. */
  cpuUsPerForwardedPacket: number | null;
}

function startEncoder(o: SfuBenchOptions, audioPort: number, videoPort: number): ChildProcess {
  return spawn(
    process.env['FFMPEG_PATH'] ?? 'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-re'],
      ...['-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=${o.fps}`, '-f', 'lavfi', '-i', 'sine=frequency=440'],
      ...['-map', '0:v', '-c:v', 'libvpx', '-b:v', `${o.videoKbps}k`, '-deadline', 'realtime', '-cpu-used', '8'],
      ...['-g', String(o.fps * 2), '-payload_type', '96', '-f', 'rtp', `rtp://127.0.0.1:${videoPort}?pkt_size=1200`],
      ...['-map', '1:a', '-c:a', 'libopus', '-b:a', '32k', '-frame_duration', '20', '-payload_type', '111'],
      ...['-f', 'rtp', `rtp://127.0.0.1:${audioPort}?pkt_size=1200`],
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

function once<T>(child: ChildProcess, match: (m: T) => boolean, timeoutMs?: number): Promise<T | null> {
  return new Promise((resolve) => {
    const timer = timeoutMs ? setTimeout(() => done(null), timeoutMs) : null;
    const done = (m: T | null) => {
      child.off('message', on);
      if (timer) clearTimeout(timer);
      resolve(m);
    };
    const on = (m: T) => {
      if (match(m)) done(m);
    };
    child.on('message', on);
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number) => Math.round(x * 10) / 10;

function benchCall(): Call {
  const now = new Date().toISOString();
  return {
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
}

export async function runSize(o: SfuBenchOptions, sfuKind: SfuKind, profile: AudioProfile, n: number) {
  const loadAverage1m = round(loadavg()[0] ?? 0);
  const sfu = fork(here('./sfu-host.js'), {
    env: { ...process.env, SFU_BENCH_SFU: sfuKind },
    execArgv: o.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`] : [],
  });
  const ready = once<SfuHostOut>(sfu, (m) => m.t === 'ready', 60_000);
  const hosts = Array.from({ length: o.hosts }, () =>
    fork(here('./participant-host.js'), { env: { ...process.env, SFU_BENCH_RECEIVE: o.receive } }),
  );
  const ports = await Promise.all(hosts.map((h) => once<HostOut>(h, (m) => m.t === 'ports')));
  const up = await ready;
  if (up?.t !== 'ready') throw new Error(`the ${sfuKind} SFU host did not start`);
  const sfuPids = up.pids;

  // One encoder; the coordinator copies each of its packets to every participant host.
  const relay = (kind: 'audio' | 'video') => {
    const out = createSocket('udp4');
    const sock = createSocket('udp4');
    sock.on('message', (buf) => {
      for (const p of ports) if (p?.t === 'ports') out.send(buf, p[kind], '127.0.0.1');
    });
    return new Promise<{ port: number; close: () => void }>((r) =>
      sock.bind(0, '127.0.0.1', () => r({ port: sock.address().port, close: () => (sock.close(), out.close()) })),
    );
  };
  const [audioIn, videoIn] = await Promise.all([relay('audio'), relay('video')]);
  const encoder = startEncoder(o, audioIn.port, videoIn.port);

  const hostOf = new Map<string, ChildProcess>();
  sfu.on('message', (m: SfuHostOut) => {
    if (m.t === 'signal')
      hostOf.get(m.deviceId)?.send({ t: 'signal', deviceId: m.deviceId, signal: m.signal } satisfies HostIn);
  });
  // ICE restarts the participants asked for: a device offers its receiving connection only then
  // (werift: any device offer; Janus: an offer with pc "down").
  const restartsBy = new Map<string, number>();
  for (const h of hosts) {
    h.on('message', (m: HostOut) => {
      if (m.t !== 'signal') return;
      if (m.signal.kind === 'offer' && m.signal.pc !== 'up') {
        restartsBy.set(m.deviceId, (restartsBy.get(m.deviceId) ?? 0) + 1);
      }
      sfu.send({ t: 'signal', callId: CALL_ID, deviceId: m.deviceId, signal: m.signal } satisfies SfuHostIn);
    });
  }

  const count = async () => {
    const replies = await Promise.all(
      hosts.map((h) => {
        const reply = once<HostOut>(h, (m) => m.t === 'count');
        h.send({ t: 'count' } satisfies HostIn);
        return reply;
      }),
    );
    let connected = 0;
    let sent = 0;
    let upstreamLost = 0;
    const published: Record<string, number> = {};
    const streams: StreamCount[] = [];
    for (const c of replies) {
      if (c?.t !== 'count') continue;
      connected += c.connected;
      sent += c.sent;
      upstreamLost += c.upstreamLost;
      Object.assign(published, c.published);
      streams.push(...c.streams);
    }
    return { connected, sent, upstreamLost, published, streams };
  };
  const snapshot = async () => {
    const reply = once<SfuHostOut>(sfu, (m) => m.t === 'snapshot');
    sfu.send({ t: 'snapshot' } satisfies SfuHostIn);
    const m = await reply;
    return m?.t === 'snapshot' ? m : { packetsIn: null, packetsOut: null, hangups: null };
  };

  // Join one after another: each participant's ICE and DTLS finish before the next renegotiates everyone.
  const started = Date.now();
  const call = benchCall();
  for (let i = 0; i < n; i++) {
    const who = { userId: `u${i}`, deviceId: `d${i}` };
    const host = hosts[i % hosts.length]!;
    hostOf.set(who.deviceId, host);
    const connected = once<HostOut>(host, (m) => m.t === 'connected' && m.deviceId === who.deviceId, CONNECT_WAIT_MS);
    const speaking = profile === 'worst' || i < o.speakers;
    host.send({ t: 'add', call, who, speaking } satisfies HostIn);
    sfu.send({ t: 'join', callId: CALL_ID, who } satisfies SfuHostIn);
    await connected;
  }
  const streamsExpected = n * (n - 1) * 2;
  let connectSeconds: number | null = null;
  let flowingSeconds: number | null = null;
  const deadline = Date.now() + 30_000 + n * 2_000;
  while (Date.now() < deadline) {
    const c = await count();
    if (connectSeconds === null && c.connected === n) connectSeconds = (Date.now() - started) / 1000;
    if (c.connected === n && c.streams.filter((s) => s.packets > 0).length >= streamsExpected) {
      flowingSeconds = (Date.now() - started) / 1000;
      break;
    }
    await pause(1_000);
  }
  await pause(3_000);

  const hostPids = hosts.map((h) => h.pid!);
  const relayPorts = ports.flatMap((p) => (p?.t === 'ports' ? [p.audio, p.video] : []));
  const dropGroups: DropGroup[] = [
    { name: 'sfu', pids: sfuPids },
    { name: 'relay', pids: hostPids, ports: relayPorts },
    { name: 'participants', pids: hostPids },
    { name: 'relay', pids: [process.pid, ...(encoder.pid ? [encoder.pid] : [])] },
  ];
  const cpu = () => ({
    sfu: sfuPids.reduce((s, pid) => s + (cpuSeconds(pid) ?? 0), 0),
    hosts: hostPids.reduce((s, pid) => s + (cpuSeconds(pid) ?? 0), 0),
    machine: machineBusySeconds(),
    drops: udpRcvbufErrors(),
    sockets: dropSnapshot(dropGroups),
  });
  const c0 = await count();
  const s0 = await snapshot();
  const cpu0 = cpu();
  const t0 = Date.now();
  await pause(o.windowMs);
  const c1 = await count();
  const s1 = await snapshot();
  const cpu1 = cpu();
  const secs = (Date.now() - t0) / 1000;

  const stats = streamStats(c0.streams, c1.streams);
  // Diagnostics: every receiver's per-SSRC counts at both ends of the window.
  const dump = process.env['SFU_BENCH_DUMP'];
  if (dump) writeFileSync(`${dump}-${sfuKind}-${profile}-${n}.json`, JSON.stringify({ c0, c1 }));
  const sfuCpuSeconds = cpu1.sfu - cpu0.sfu;
  const byOwner = dropsBetween(cpu0.sockets, cpu1.sockets);
  const sentInWindow = c1.sent - c0.sent;
  const publishedBy = Object.entries(c1.published).map(([d, p]) => [d, p - (c0.published[d] ?? 0)] as const);
  const publishedInWindow = publishedBy.reduce((a, [, p]) => a + p, 0);
  const perSecond = (a: number | null, b: number | null) => (a === null || b === null ? null : round((b - a) / secs));
  const result: SfuRunResult = {
    sfu: sfuKind,
    profile,
    participants: n,
    connected: c1.connected,
    streamsExpected,
    unnamedStreams: c1.streams.filter((s) => !hostOf.has(s.sender)).length,
    streamsReceived: stats.streamsFlowing,
    connectSeconds: round(connectSeconds ?? (Date.now() - started) / 1000),
    flowingSeconds: flowingSeconds === null ? null : round(flowingSeconds),
    sfuCpuPercent: round((sfuCpuSeconds / secs) * 100),
    participantsCpuPercent: round(((cpu1.hosts - cpu0.hosts) / secs) * 100),
    machineCpuPercent:
      cpu0.machine !== undefined && cpu1.machine !== undefined
        ? round(((cpu1.machine - cpu0.machine) / secs) * 100)
        : null,
    loadAverage1m,
    sentPerSecond: round(sentInWindow / secs),
    publishedPerSecond: round(publishedInWindow / secs),
    silentPublishers: n - publishedBy.filter(([, p]) => p > 0).length,
    sfuHangups: s1.hangups,
    iceRestarts: [...restartsBy.values()].reduce((a, b) => a + b, 0),
    restartingParticipants: restartsBy.size,
    unforwardedPublishers: publishedBy.filter(([d, p]) => p > 0 && !stats.senders.has(d)).length,
    receivedPerSecond: round(stats.packets / secs),
    receivedMbps: round((stats.bytes * 8) / secs / 1e6),
    sfuInPerSecond: perSecond(s0.packetsIn, s1.packetsIn),
    sfuOutPerSecond: perSecond(s0.packetsOut, s1.packetsOut),
    lossPct: Math.round(stats.lossPct * 10_000) / 100,
    worstStreamLossPct: round(stats.worstLossPct),
    streamsOver1PctLoss: stats.streamsOver1Pct,
    // Only with everyone connected: a sender whose connection is not up counts packets that never
    // reach the wire, and the SFU's reports about it jump (werift N = 25 at load 17: "135 %").
    ...(c1.connected === n
      ? splitLoss(stats, c1.upstreamLost - c0.upstreamLost, publishedInWindow, n)
      : { upstreamLossPct: null, downstreamLossPct: null }),
    udpRcvbufDrops: cpu0.drops !== undefined && cpu1.drops !== undefined ? cpu1.drops - cpu0.drops : null,
    socketDrops: {
      sfu: byOwner['sfu'] ?? 0,
      participants: byOwner['participants'] ?? 0,
      relay: byOwner['relay'] ?? 0,
      other: byOwner['other'] ?? 0,
    },
    ...readRmem(),
    cpuUsPerForwardedPacket: stats.packets > 0 ? round((sfuCpuSeconds / stats.packets) * 1e6) : null,
  };

  encoder.kill('SIGTERM');
  audioIn.close();
  videoIn.close();
  sfu.send({ t: 'close' } satisfies SfuHostIn);
  for (const h of hosts) h.send({ t: 'close' } satisfies HostIn);
  // The SFU host stops its Janus before it exits: give it time, so no Janus outlives the run.
  const exited = (c: ChildProcess) =>
    c.exitCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r()));
  await Promise.race([Promise.all([sfu, ...hosts].map(exited)), pause(10_000)]);
  for (const child of [sfu, ...hosts]) if (child.exitCode === null) child.kill('SIGKILL');
  return result;
}

export function markdownTable(results: SfuRunResult[]): string {
  const dash = (x: number | null) => (x === null ? '-' : String(x));
  const rows = results.map((r) =>
    [
      r.sfu,
      r.profile,
      r.participants,
      `${r.connected}/${r.participants}`,
      `${r.streamsReceived}/${r.streamsExpected}`,
      `${r.connectSeconds} / ${dash(r.flowingSeconds)}`,
      r.sfuCpuPercent,
      r.participantsCpuPercent,
      dash(r.machineCpuPercent),
      r.sentPerSecond,
      r.publishedPerSecond,
      `${r.silentPublishers} / ${r.unforwardedPublishers} / ${dash(r.sfuHangups)}`,
      r.receivedPerSecond,
      r.receivedMbps,
      r.lossPct,
      r.worstStreamLossPct,
      dash(r.upstreamLossPct),
      dash(r.downstreamLossPct),
      dash(r.udpRcvbufDrops),
      `${r.socketDrops.sfu} / ${r.socketDrops.participants} / ${r.socketDrops.relay} / ${r.socketDrops.other}`,
      dash(r.rmemDefault),
      dash(r.cpuUsPerForwardedPacket),
      r.loadAverage1m,
    ].join(' | '),
  );
  return [
    '| SFU | audio | N | connected | streams received | connect / all flowing (s) | SFU CPU % | participants CPU % | machine CPU % (of 200) | pkts sent/s | on the wire to the SFU/s | publishers silent / not forwarded / hung up by Janus | pkts received/s | received Mbit/s | loss % | worst stream loss % | upstream loss % (SFU RR) | downstream loss % | kernel UDP drops | drops: SFU / participants / relay / other | rmem_default | SFU CPU us / forwarded pkt | load 1m |',
    `|${'---|'.repeat(23)}`,
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  let o: SfuBenchOptions;
  try {
    o = parseSfuOptions(process.argv.slice(2));
  } catch (e) {
    console.error(`${(e as Error).message}\n${SFU_USAGE}`);
    process.exit(2);
  }
  const results: SfuRunResult[] = [];
  const startedAt = new Date().toISOString();
  const before = readRmem();
  const restore = o.rmem === undefined ? () => undefined : setRmem(o.rmem);
  if (o.rmem !== undefined) {
    console.error(`bench:sfu: net.core.rmem_default ${before.rmemDefault} -> ${o.rmem} for this run (restored after)`);
    // Ctrl-C or a kill must not leave the machine's settings changed.
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => (restore(), process.exit(130)));
  }
  try {
    for (const sfuKind of o.sfus) {
      for (const profile of o.profiles) {
        for (const n of o.sizes) {
          const r = await runSize(o, sfuKind, profile, n);
          results.push(r);
          console.log(JSON.stringify(r));
          if (r.connected < n) break;
        }
      }
    }
  } finally {
    restore();
  }
  const dir = here('../../results');
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/sfu-${startedAt.slice(0, 19).replace(/[:T]/g, '-')}Z.json`;
  const { cpuProfDir: _ignored, ...options } = o;
  // Formatted as the repository's Prettier settings say, so a committed result passes `npm test`.
  await writeDocument(file, JSON.stringify({ startedAt, command: process.argv.slice(2), options, results }));
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
