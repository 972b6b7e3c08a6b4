// Messages between the search indexer and its SQLite worker thread (index-worker.ts): a pass is
// one request, answered once its transaction in the search file has committed.
import type { CursorValue } from '../../events/cursor.js';
import type { IndexEvent } from './apply-events.js';
import type { IndexKeys } from './search-file-index.js';

export type WorkerRequest =
  | { type: 'pass'; id: number; events: IndexEvent[]; keys: IndexKeys; from: CursorValue; to: CursorValue }
  | { type: 'close'; id: number };

export type WorkerReply = { id: number; value: 'applied' | 'elsewhere' | 'closed' } | { id: number; error: string };
