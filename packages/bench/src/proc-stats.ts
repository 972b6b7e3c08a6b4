// Reads a process's CPU time and memory from /proc (Linux): CPU from /proc/<pid>/stat,
// resident set size from /proc/<pid>/status. Elsewhere the readers return undefined.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let clockTicks: number | undefined;

/** Clock ticks per second (USER_HZ), the unit of utime/stime in /proc/<pid>/stat. */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** Parses the user+system CPU seconds out of the text of /proc/<pid>/stat. */
export function parseCpuSeconds(statText: string, ticks: number): number {
  // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
  const rest = statText.slice(statText.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); utime is field 14 and stime field 15.
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return (utime + stime) / ticks;
}

/** Parses a `Vm...:   1234 kB` line of /proc/<pid>/status into bytes. */
export function parseStatusKb(statusText: string, field: string): number | undefined {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(statusText);
  return m ? Number(m[1]) * 1024 : undefined;
}

/** Parses the busy CPU seconds of the whole machine (all cores) out of the text of /proc/stat. */
export function parseMachineBusySeconds(procStat: string, ticks: number): number | undefined {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return undefined;
  // user nice system idle iowait irq softirq steal (guest time is already inside user).
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / ticks;
}

export function machineBusySeconds(): number | undefined {
  try {
    return parseMachineBusySeconds(readFileSync('/proc/stat', 'utf8'), ticksPerSecond());
  } catch {
    return undefined;
  }
}

export function cpuSeconds(pid: number): number | undefined {
  try {
    return parseCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'), ticksPerSecond());
  } catch {
    return undefined;
  }
}

/** The command name (comm, field 2) out of the text of /proc/<pid>/stat. */
export function parseCommand(statText: string): string {
  return statText.slice(statText.indexOf('(') + 1, statText.lastIndexOf(')'));
}

/**
 * The database of a PostgreSQL client backend from its process title (/proc/<pid>/cmdline,
 * `postgres: <cluster>: <user> <database> <host>(<port>) <state>`); undefined for the server's
 * own processes (walwriter, checkpointer, autovacuum, ...).
 */
export function backendDatabase(cmdline: string): string | undefined {
  return /^postgres: [^:]+: \S+ (\S+) (?:\S+\(\d+\)|\[local\])/.exec(cmdline)?.[1];
}

/**
 * CPU seconds of every running process called `command` (e.g. every postgres process), by pid.
 * With `database`: PostgreSQL's client backends of other databases (other users of a shared
 * server) are left out; its own processes (WAL writer, checkpointer, autovacuum) are counted.
 */
export function commandCpuSeconds(command: string, database?: string): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (parseCommand(text) !== command) continue;
      if (database !== undefined) {
        const of = backendDatabase(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
        if (of !== undefined && of !== database) continue;
      }
      out.set(Number(pid), parseCpuSeconds(text, ticksPerSecond()));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

export interface MemorySample {
  rss: number;
  /** Peak RSS over the process's life (VmHWM). */
  peakRss: number;
}

export function memory(pid: number): MemorySample | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = parseStatusKb(text, 'VmRSS');
    const peakRss = parseStatusKb(text, 'VmHWM');
    return rss === undefined || peakRss === undefined ? undefined : { rss, peakRss };
  } catch {
    return undefined;
  }
}

export interface ResourceUsage {
  /** Server CPU over the window, as a percentage of one core (may pass 100 with threads). */
  cpuPercent: number | undefined;
  /** Highest RSS sampled during the window, bytes. */
  peakRss: number | undefined;
  /** The load generator's own CPU over the window, percent of one core. */
  benchCpuPercent: number;
  /** CPU of the database server's processes (PostgreSQL), when one is watched. */
  databaseCpuPercent: number | undefined;
  /** CPU used by every other process on the machine over the window. */
  otherCpuPercent: number | undefined;
}

/** What a monitor watches: the server process and, optionally, a database server by command name. */
export interface Watched {
  serverPid: number;
  /** Further nodes of the same service: their CPU and RSS are added to the server's. */
  moreServerPids?: readonly number[];
  databaseCommand?: string | undefined;
  /** With databaseCommand (PostgreSQL): only this database's client backends are counted. */
  databaseName?: string | undefined;
}

/** Samples a process while a window runs: CPU at both ends, RSS every `everyMs`. */
export class ResourceMonitor {
  private readonly startCpu: number | undefined;
  private readonly startDatabase: Map<number, number> | undefined;
  private readonly startMachine = machineBusySeconds();
  private readonly startBenchCpu = process.cpuUsage();
  private readonly startedAt = performance.now();
  private peakRss: number | undefined;
  private readonly timer: NodeJS.Timeout;

  private readonly pids: readonly number[];

  constructor(
    private readonly watched: Watched,
    everyMs = 100,
  ) {
    this.pids = [watched.serverPid, ...(watched.moreServerPids ?? [])];
    this.startCpu = this.serverCpuSeconds();
    if (watched.databaseCommand) this.startDatabase = commandCpuSeconds(watched.databaseCommand, watched.databaseName);
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  /** CPU-seconds of every server process, or undefined when one cannot be read. */
  private serverCpuSeconds(): number | undefined {
    let sum = 0;
    for (const pid of this.pids) {
      const s = cpuSeconds(pid);
      if (s === undefined) return undefined;
      sum += s;
    }
    return sum;
  }

  private sample(): void {
    let rss: number | undefined;
    for (const pid of this.pids) {
      const m = memory(pid);
      if (m) rss = (rss ?? 0) + m.rss;
    }
    if (rss !== undefined) this.peakRss = Math.max(this.peakRss ?? 0, rss);
  }

  stop(): ResourceUsage {
    clearInterval(this.timer);
    this.sample();
    const seconds = (performance.now() - this.startedAt) / 1000;
    const endCpu = this.serverCpuSeconds();
    const endMachine = machineBusySeconds();
    const bench = process.cpuUsage(this.startBenchCpu);
    const serverSeconds = this.startCpu === undefined || endCpu === undefined ? undefined : endCpu - this.startCpu;
    const benchSeconds = (bench.user + bench.system) / 1e6;
    const machineSeconds =
      this.startMachine === undefined || endMachine === undefined ? undefined : endMachine - this.startMachine;
    let databaseSeconds: number | undefined;
    if (this.startDatabase && this.watched.databaseCommand) {
      databaseSeconds = 0;
      for (const [pid, end] of commandCpuSeconds(this.watched.databaseCommand, this.watched.databaseName)) {
        databaseSeconds += end - (this.startDatabase.get(pid) ?? 0);
      }
    }
    const percent = (s: number) => (s / seconds) * 100;
    return {
      cpuPercent: serverSeconds === undefined ? undefined : percent(serverSeconds),
      peakRss: this.peakRss,
      benchCpuPercent: percent(benchSeconds),
      databaseCpuPercent: databaseSeconds === undefined ? undefined : percent(databaseSeconds),
      otherCpuPercent:
        machineSeconds === undefined || serverSeconds === undefined
          ? undefined
          : percent(Math.max(0, machineSeconds - serverSeconds - benchSeconds - (databaseSeconds ?? 0))),
    };
  }
}

/** How busy the machine is with nothing of ours running: CPU over `ms`, in % of one core. */
export async function backgroundCpuPercent(ms = 2_000): Promise<number | undefined> {
  const start = machineBusySeconds();
  const benchStart = process.cpuUsage();
  await new Promise((r) => setTimeout(r, ms));
  const end = machineBusySeconds();
  const bench = process.cpuUsage(benchStart);
  if (start === undefined || end === undefined) return undefined;
  return (Math.max(0, end - start - (bench.user + bench.system) / 1e6) / (ms / 1000)) * 100;
}
