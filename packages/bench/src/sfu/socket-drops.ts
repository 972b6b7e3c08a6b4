// Kernel UDP drops per socket, attributed to the processes that own the sockets: /proc/net/udp and
// /proc/net/udp6 give each socket's inode and its `drops` counter (datagrams the kernel threw away
// for it, almost all because its receive buffer was full), and /proc/PID/fd links (socket:[inode])
// say which process holds which socket. So a run can say whether the SFU's sockets or the
// participants' sockets dropped, where /proc/net/snmp only has the machine-wide total.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface UdpSocket {
  inode: number;
  localPort: number;
  /** Bytes waiting in the receive queue now. */
  rxQueue: number;
  drops: number;
}

/** Parses the text of /proc/net/udp or /proc/net/udp6 (header line first). */
export function parseProcNetUdp(text: string): UdpSocket[] {
  const out: UdpSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 13) continue;
    const port = parseInt(f[1]!.split(':')[1] ?? '', 16);
    const rxQueue = parseInt(f[4]!.split(':')[1] ?? '', 16);
    const inode = Number(f[9]);
    const drops = Number(f[12]);
    if ([port, rxQueue, inode, drops].some((n) => !Number.isFinite(n))) continue;
    out.push({ inode, localPort: port, rxQueue, drops });
  }
  return out;
}

/** Socket inodes out of /proc/PID/fd link targets ("socket:[12345]"). */
export function socketInode(link: string): number | undefined {
  const m = /^socket:\[(\d+)\]$/.exec(link);
  return m ? Number(m[1]) : undefined;
}

/** The socket inodes a process holds (empty when it is gone or not readable). */
export function socketInodes(pid: number): Set<number> {
  const out = new Set<number>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return out;
  }
  for (const fd of fds) {
    try {
      const inode = socketInode(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (inode !== undefined) out.add(inode);
    } catch {
      // closed while listing
    }
  }
  return out;
}

export function udpSockets(): UdpSocket[] {
  const read = (f: string) => {
    try {
      return parseProcNetUdp(readFileSync(f, 'utf8'));
    } catch {
      return [];
    }
  };
  return [...read('/proc/net/udp'), ...read('/proc/net/udp6')];
}

/**
 * Who a socket belongs to: a group of processes (e.g. "sfu": the SFU host and Janus), optionally
 * narrowed to some local ports, which then form their own group (e.g. the participants' relay inputs).
 */
export interface DropGroup {
  name: string;
  pids: number[];
  /** Only these local ports of those processes (when set). */
  ports?: number[];
}

/** Each socket's drops now, by inode, with the group that owns it ("other": none of the groups). */
export interface DropSnapshot {
  sockets: Map<number, { group: string; drops: number }>;
}

export function dropSnapshot(groups: DropGroup[], sockets = udpSockets()): DropSnapshot {
  const owner = new Map<number, DropGroup[]>();
  for (const g of groups) {
    for (const pid of g.pids) for (const inode of socketInodes(pid)) owner.set(inode, [...(owner.get(inode) ?? []), g]);
  }
  const out = new Map<number, { group: string; drops: number }>();
  for (const s of sockets) {
    const candidates = owner.get(s.inode) ?? [];
    // A port-narrowed group wins over its process's catch-all group.
    const g = candidates.find((c) => c.ports?.includes(s.localPort)) ?? candidates.find((c) => !c.ports);
    out.set(s.inode, { group: g?.name ?? 'other', drops: s.drops });
  }
  return { sockets: out };
}

/**
 * Drops per group between two snapshots. A socket opened inside the window counts all its drops;
 * one closed inside the window is not seen at the end, and its drops in the window are lost to the count.
 */
export function dropsBetween(before: DropSnapshot, after: DropSnapshot): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [inode, s] of after.sockets) {
    const d = s.drops - (before.sockets.get(inode)?.drops ?? 0);
    out[s.group] = (out[s.group] ?? 0) + Math.max(0, d);
  }
  return out;
}
