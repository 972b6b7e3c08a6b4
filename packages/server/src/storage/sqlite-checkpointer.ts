// Checkpoints the SQLite WAL from a worker thread. SQLite's automatic checkpoint runs inside a
// commit on the writer's thread and syncs the database file there, stalling the event loop
// every few megabytes of writes; a PASSIVE checkpoint from another connection copies the same
// pages without blocking the writer or readers.
import { Worker } from 'node:worker_threads';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let stopping = false;
const tick = () => {
  if (stopping) return;
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { parentPort.postMessage({ error: String(e && e.message || e) }); }
  setTimeout(tick, workerData.everyMs);
};
parentPort.on('message', (m) => {
  if (m === 'stop') { stopping = true; try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} db.close(); parentPort.postMessage('stopped'); }
});
setTimeout(tick, workerData.everyMs);
`;

export class SqliteCheckpointer {
  private readonly worker: Worker;

  constructor(file: string, driverPath: string, everyMs: number, onError: (message: string) => void) {
    this.worker = new Worker(WORKER, { eval: true, workerData: { file, driver: driverPath, everyMs } });
    this.worker.on('message', (m: unknown) => {
      if (m && typeof m === 'object' && 'error' in m) onError(String((m as { error: unknown }).error));
    });
    this.worker.on('error', (e) => onError(e.message));
    this.worker.unref();
  }

  async stop(): Promise<void> {
    // Held while stopping: with the worker unref'd and an unref'd timeout, a process with nothing
    // else to do (a bulk loader closing its storage while a long checkpoint runs) exited here,
    // silently, before close() finished.
    this.worker.ref();
    const stopped = new Promise<void>((resolve) => {
      this.worker.once('message', () => resolve());
      this.worker.once('exit', () => resolve());
    });
    this.worker.postMessage('stop');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([stopped, new Promise((r) => (timer = setTimeout(r, 2_000)))]);
    clearTimeout(timer);
    await this.worker.terminate();
  }
}
