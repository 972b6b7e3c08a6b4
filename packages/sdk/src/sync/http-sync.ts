// Catching up over HTTP: pages /v1/sync until hasMore is false, feeding the pipeline. Used when
// the device has no cursor yet, so that connecting the socket afterwards misses nothing.
import { LIMITS } from '@anytime/protocol';
import type { CallRoute } from '../state/load-state.js';
import type { EventPipeline } from './event-pipeline.js';

/** Pages through /v1/sync from `cursor` (or the device's own position); returns the final cursor. */
export async function syncOverHttp(
  call: CallRoute,
  pipeline: EventPipeline,
  cursor?: string,
  onPage?: (hasMore: boolean) => void,
): Promise<string> {
  let at = cursor;
  for (;;) {
    const page = await call('sync', { query: { cursor: at, limit: LIMITS.pageMax } });
    for (const e of page.events) pipeline.accept(e);
    pipeline.commit(page.cursor);
    at = page.cursor;
    onPage?.(page.hasMore);
    if (!page.hasMore) break;
  }
  await pipeline.flush();
  return at;
}
