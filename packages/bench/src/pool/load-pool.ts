// The coordinator of the load generator: N worker threads (load-worker.ts), each owning a
// share of a scenario's connections. It assigns the connections and senders, starts every
// phase at one time on the shared clock, measures the server over the window, and merges what
// the workers counted (merge.ts). Worker threads rather than processes: one process keeps
// `process.cpuUsage()` (the bench CPU in every result) covering the whole generator, the
// taskset pinning of the side-by-side run covers them all, and the clock is shared.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sharedNow } from '../clock.js';
import { ResourceMonitor, type ResourceUsage, type Watched } from '../proc-stats.js';
import { sleep, type Timing } from '../timing.js';
import { mergeLogins, mergeWorkerReports, type MergedLogins, type MergedReport } from './merge.js';
import type {
  Command,
  LoginDone,
  LoopDone,
  PhaseSpec,
  Reply,
  SenderSpec,
  SocketSpec,
  WorkerReport,
} from './messages.js';

/** The default number of load workers: two, or one on a single-core machine. */
export function defaultLoadWorkers(cores = availableParallelism()): number {
  return Math.max(1, Math.min(2, cores));
}

/** The worker's built file; from the sources (Vitest) it is the one in dist/, built by `npm run build`. */
function workerFile(): URL {
  const here = new URL('./load-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return pathToFileURL(fileURLToPath(here).replace(/\/src\/pool\/load-worker\.js$/, '/dist/pool/load-worker.js'));
}

export interface PoolLoop {
  measureFrom: number;
  measureTo: number;
  windowSeconds: number;
  usage: ResourceUsage;
  /** Whether every send was answered before the drain timeout, in every worker. */
  drained: boolean;
  worstLagMs: number;
  sent: number;
}

export class LoadPool {
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private nextCall = 0;
  private nextSocket = 0;
  /** The worker of each socket index. */
  private readonly owner = new Map<number, number>();
  /** Set once a worker has ended: every call fails from then on instead of waiting for an answer. */
  private dead: string | undefined;

  private constructor(private readonly workers: Worker[]) {
    workers.forEach((w, k) => {
      w.on('message', (r: Reply) => {
        const p = this.pending.get(r.id);
        if (!p) return;
        this.pending.delete(r.id);
        if (r.ok) p.resolve(r.value);
        else p.reject(new Error(`load worker ${k}: ${r.error}`));
      });
      w.on('error', (e) => this.fail(`load worker ${k} failed: ${e.stack ?? e.message}`));
      w.on('exit', (code) => {
        this.dead ??= `load worker ${k} exited (code ${code})`;
        this.fail(this.dead);
      });
    });
  }

  /** Fails every call still waiting for an answer. */
  private fail(why: string): void {
    for (const p of this.pending.values()) p.reject(new Error(why));
    this.pending.clear();
  }

  static async start(size: number): Promise<LoadPool> {
    if (!Number.isInteger(size) || size < 1) throw new Error(`load workers: ${size} is not a positive whole number`);
    const file = workerFile();
    const workers = Array.from({ length: size }, (_, index) => new Worker(file, { workerData: { index } }));
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.once('online', resolve);
            w.once('error', reject);
          }),
      ),
    );
    return new LoadPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  private call<T>(k: number, command: Command): Promise<T> {
    const worker = this.workers[k];
    if (!worker) return Promise.reject(new Error(`no load worker ${k}`));
    if (this.dead) return Promise.reject(new Error(this.dead));
    const id = this.nextCall++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, command });
    });
  }

  private each<T>(command: (k: number) => Command): Promise<T[]> {
    return Promise.all(this.workers.map((_, k) => this.call<T>(k, command(k))));
  }

  /**
   * Opens connections, `concurrency` at a time over all workers; the i-th goes to worker
   * `workerOf(i)` (default: round robin). Returns their indices in the pool, in order.
   */
  async open(specs: readonly SocketSpec[], opts: { concurrency?: number; workerOf?: (i: number) => number } = {}) {
    const n = this.size;
    const workerOf = opts.workerOf ?? ((i: number) => i % n);
    const perWorker = this.workers.map(() => [] as { index: number; spec: SocketSpec }[]);
    const indices = specs.map((spec, i) => {
      const index = this.nextSocket++;
      const k = workerOf(i) % n;
      this.owner.set(index, k);
      perWorker[k]?.push({ index, spec });
      return index;
    });
    const concurrency = Math.max(1, Math.ceil((opts.concurrency ?? 16) / n));
    await this.each((k) => ({ op: 'open', sockets: perWorker[k] ?? [], concurrency }));
    return indices;
  }

  /** Joins XMPP sockets to a room; with `configure`, the first creates and unlocks it before the others join. */
  async joinRoom(room: string, sockets: readonly number[], configure: boolean): Promise<void> {
    const [first, ...rest] = sockets;
    if (first === undefined) return;
    if (configure)
      await this.call(this.ownerOf(first), { op: 'joinRoom', room, sockets: [first], configure, concurrency: 1 });
    const others = configure ? rest : sockets;
    await this.each((k) => ({
      op: 'joinRoom',
      room,
      sockets: others.filter((i) => this.ownerOf(i) === k),
      configure: false,
      concurrency: 8,
    }));
  }

  /** Declares a conversation and its members (pool indices) to every worker. */
  async conversation(id: string, members: readonly number[]): Promise<void> {
    await this.each(() => ({ op: 'conversation', id, members: [...members], totalMembers: members.length }));
  }

  private ownerOf(socket: number): number {
    const k = this.owner.get(socket);
    if (k === undefined) throw new Error(`socket ${socket} is not open in the pool`);
    return k;
  }

  private sendersOf(k: number, senders: readonly SenderSpec[]): SenderSpec[] {
    return senders.filter((s) => this.ownerOf(s.socket) === k);
  }

  /**
   * Closed loop: every sender keeps `window` sends outstanding from a common start; after
   * `warmupMs` the window of `durationMs` is measured (server CPU and memory here, acks and
   * deliveries in the workers).
   */
  async closedLoop(opts: {
    id: string;
    senders: readonly SenderSpec[];
    window: number;
    timing: Pick<Timing, 'warmupMs' | 'durationMs' | 'drainMs'>;
    maxMessages: number;
    watched: Watched;
  }): Promise<PoolLoop> {
    const startAt = sharedNow() + 30;
    const measureFrom = startAt + opts.timing.warmupMs;
    const measureTo = measureFrom + opts.timing.durationMs;
    const phase: PhaseSpec = { mode: 'window', from: measureFrom, to: measureTo };
    const active = this.workers.map((_, k) => this.sendersOf(k, opts.senders).length > 0);
    const activeCount = active.filter(Boolean).length || 1;
    const loops = this.each<LoopDone | undefined>((k) =>
      active[k]
        ? {
            op: 'closedLoop',
            id: opts.id,
            senders: this.sendersOf(k, opts.senders),
            window: opts.window,
            startAt,
            phase,
            maxMessages: Math.ceil(opts.maxMessages / activeCount),
            drainMs: opts.timing.drainMs,
          }
        : { op: 'phase', phase },
    );
    const usage = await this.monitor(opts.watched, measureFrom, measureTo);
    const done = (await loops).filter((d): d is LoopDone => d !== undefined);
    return {
      measureFrom,
      measureTo,
      windowSeconds: opts.timing.durationMs / 1000,
      usage,
      drained: done.every((d) => d.drained),
      worstLagMs: 0,
      sent: done.reduce((n, d) => n + d.sent, 0),
    };
  }

  /**
   * Open loop at a fixed rate: send i of the whole run is due at start + i/rate; the workers
   * with senders each send their share (every n-th send) at its due time, whatever the server
   * answers. Sends due from `warmupMs` on are measured.
   */
  async openLoop(opts: {
    id: string;
    senders: readonly SenderSpec[];
    ratePerSecond: number;
    timing: Pick<Timing, 'warmupMs' | 'latencyDurationMs' | 'drainMs'>;
    watched: Watched;
  }): Promise<PoolLoop> {
    const start = sharedNow() + 50;
    const measureFrom = start + opts.timing.warmupMs;
    const durationMs = opts.timing.warmupMs + opts.timing.latencyDurationMs;
    const phase: PhaseSpec = { mode: 'due', from: measureFrom, to: start + durationMs };
    const sending = this.workers.map((_, k) => k).filter((k) => this.sendersOf(k, opts.senders).length > 0);
    const loops = this.each<LoopDone | undefined>((k) => {
      const share = sending.indexOf(k);
      if (share < 0) return { op: 'phase', phase };
      return {
        op: 'openLoop',
        id: opts.id,
        senders: this.sendersOf(k, opts.senders),
        start,
        ratePerSecond: opts.ratePerSecond,
        durationMs,
        share: { k: share, n: sending.length },
        phase,
        drainMs: opts.timing.drainMs,
      };
    });
    const usage = await this.monitor(opts.watched, measureFrom, start + durationMs);
    const done = (await loops).filter((d): d is LoopDone => d !== undefined);
    return {
      measureFrom,
      measureTo: start + durationMs,
      windowSeconds: opts.timing.latencyDurationMs / 1000,
      usage,
      drained: done.every((d) => d.drained),
      worstLagMs: Math.max(0, ...done.map((d) => d.worstLagMs)),
      sent: done.reduce((n, d) => n + d.sent, 0),
    };
  }

  /** The server's CPU and memory from `from` to `to` (shared clock). */
  private async monitor(watched: Watched, from: number, to: number): Promise<ResourceUsage> {
    await sleep(from - sharedNow());
    const monitor = new ResourceMonitor(watched);
    await sleep(to - sharedNow());
    return monitor.stop();
  }

  /** Resolves once every acked message reached all its receivers in every worker, or after `timeoutMs`. */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = sharedNow() + timeoutMs;
    for (;;) {
      const p = await this.each<{ expected: number; firsts: number }>(() => ({ op: 'progress' }));
      const pending = p.reduce((n, x) => n + x.expected - x.firsts, 0);
      if (pending <= 0 || sharedNow() >= deadline) return;
      await sleep(20);
    }
  }

  /** What the workers counted in the last phase, merged. */
  async report(): Promise<MergedReport> {
    return mergeWorkerReports(await this.each<WorkerReport>(() => ({ op: 'report' })));
  }

  /** Login storm: `concurrency` clients over all workers sign in one after another until `to`. */
  async loginStorm(opts: {
    baseUrl: string;
    usernames: readonly string[];
    concurrency: number;
    from: number;
    to: number;
  }): Promise<MergedLogins> {
    const n = this.size;
    const done = await this.each<LoginDone>((k) => ({
      op: 'login',
      baseUrl: opts.baseUrl,
      // Each worker signs in its own share of the users.
      usernames: opts.usernames.filter((_, i) => i % n === k),
      concurrency: Math.floor(opts.concurrency / n) + (k < opts.concurrency % n ? 1 : 0),
      from: opts.from,
      to: opts.to,
    }));
    return mergeLogins(done);
  }

  /** Closes every connection; returns what went wrong on them, one line each. */
  async close(): Promise<string[]> {
    const problems = await this.each<string[]>(() => ({ op: 'close' }));
    this.owner.clear();
    return problems.flat();
  }

  async stop(): Promise<void> {
    this.dead ??= 'the load pool was stopped';
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** Runs `fn` with a pool of `size` workers, stopped afterwards whatever happens. */
  static async with<T>(size: number, fn: (pool: LoadPool) => Promise<T>): Promise<T> {
    const pool = await LoadPool.start(size);
    try {
      return await fn(pool);
    } finally {
      await pool.stop();
    }
  }
}
