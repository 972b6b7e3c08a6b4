// The main thread's end of the SQLite search index worker (index-worker.ts): starts it on the
// search file, sends it passes one at a time and gets their outcome back.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './index-worker-protocol.js';

type Request = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** The compiled worker: beside this file in dist, or dist's copy when running from the sources (tests). */
function workerFile(): URL {
  const here = new URL('./index-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = fileURLToPath(here).replace(
    /\/src\/modules\/search\/index-worker\.js$/,
    '/dist/modules/search/index-worker.js',
  );
  if (!existsSync(built)) throw new Error(`the search index worker is not built (${built}): run npm run build`);
  return pathToFileURL(built);
}

export class IndexWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: string) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failed: Error | undefined;

  constructor(file: string) {
    this.worker = new Worker(workerFile(), { workerData: { file } });
    this.worker.on('message', (r: WorkerReply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (this.pending.size === 0) this.worker.unref();
      if ('error' in r) p.reject(new Error(`search index worker: ${r.error}`));
      else p.resolve(r.value);
    });
    this.worker.on('error', (e) => this.fail(new Error(`search index worker failed: ${e.stack ?? e.message}`)));
    this.worker.on('exit', (code) => this.fail(new Error(`search index worker exited (code ${code})`)));
    // Never what keeps the process alive, except while a request waits for its answer.
    this.worker.unref();
  }

  /** Whether the worker died (it answers nothing more). */
  get broken(): boolean {
    return this.failed !== undefined;
  }

  /** Runs a pass in the worker; 'elsewhere' when the stored position was not at its `from`. */
  async pass(pass: Omit<Request & { type: 'pass' }, 'type'>): Promise<'applied' | 'elsewhere'> {
    return (await this.request({ type: 'pass', ...pass })) as 'applied' | 'elsewhere';
  }

  /** Closes the worker's connection and stops it. */
  async close(): Promise<void> {
    if (!this.failed) await this.request({ type: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }

  private request(r: Request): Promise<string> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ ...r, id } as WorkerRequest);
    });
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
