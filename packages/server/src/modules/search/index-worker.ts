// The SQLite search index's worker thread. The indexer (indexer.ts) hands it each pass: the
// events cut down to what the index reads (apply-events.ts indexedEvent) and the index keys of
// their conversations, which only the main thread holds the keyring to make. It computes the
// terms (trigrams and their HMACs) and writes them with the indexer's new position in one
// transaction of the search file (storage/sqlite-search-file.ts), which only it writes: terms,
// FTS5's inserts and their commits thus leave the main thread, where they were a sixth of its
// time per message sent, and never hold the main file's write lock (docs/benchmarks.md).
//
// Run from the compiled file (dist/modules/search/index-worker.js; index-worker-client.ts finds
// it, also for tests run from the sources: `npm run build` first).
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './index-worker-protocol.js';
import { SearchFileIndex } from './search-file-index.js';

const port = parentPort!;
const index = new SearchFileIndex((workerData as { file: string }).file);

// One message at a time, in order (the indexer sends one pass at a time anyway).
let queue = Promise.resolve();
port.on('message', (m: WorkerRequest) => {
  queue = queue.then(async () => {
    if (m.type === 'close') {
      await index.close();
      port.postMessage({ id: m.id, value: 'closed' } satisfies WorkerReply);
      port.close();
      return;
    }
    port.postMessage(
      await index.pass(m.events, m.keys, m.from, m.to).then(
        (value): WorkerReply => ({ id: m.id, value }),
        (e: unknown): WorkerReply => ({ id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
      ),
    );
  });
});
