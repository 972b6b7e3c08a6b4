// Signed URLs of media variants for the components that show them. Requests made in the same tick
// go to `client.media.urls` as one call (the SDK caches them until near expiry). Each URL is
// asked for again shortly before its `exp`, and `refresh()` asks again at once (an image that
// failed to load: its signature may have run out while the tab slept). Inside a secret chat the
// URLs come from MediaUrlSource instead: local object URLs of attachments decrypted on this device.
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { MediaVariant } from '@anytime/protocol';
import { useClient } from '../client/client-context.js';
import { mediaOf, type MediaApi, type MediaUrls } from './media-api.js';

type Batch = { ids: Set<string>; promise: Promise<MediaUrls> };
const batches = new WeakMap<MediaApi, Batch>();

function requestUrls(api: MediaApi, ids: readonly string[]): Promise<MediaUrls> {
  let batch = batches.get(api);
  if (!batch) {
    const pending: Batch = {
      ids: new Set(),
      promise: Promise.resolve().then(() => {
        batches.delete(api);
        return api.urls([...pending.ids]);
      }),
    };
    batch = pending;
    batches.set(api, batch);
  }
  for (const id of ids) batch.ids.add(id);
  return batch.promise;
}

/** Where the URLs of media ids come from when not from the server (secret chats). */
export type MediaUrlSource = (ids: readonly string[]) => Promise<MediaUrls>;
export const MediaUrlSourceContext = createContext<MediaUrlSource | null>(null);

/** When a signed URL stops working (ms since the epoch), from its `exp` parameter; null if unknown. */
export function urlExpiry(url: string): number | null {
  const exp = /[?&]exp=(\d+)/u.exec(url)?.[1];
  if (!exp) return null;
  const n = Number(exp);
  return n < 1e12 ? n * 1000 : n;
}

/** Ask again this long before a URL expires. */
const EARLY_MS = 30_000;

export interface MediaUrlsView {
  url: (id: string, ...variants: MediaVariant[]) => string | undefined;
  refresh: () => void;
  failed: boolean;
}

export function useMediaUrls(ids: readonly string[]): MediaUrlsView {
  const client = useClient();
  const source = useContext(MediaUrlSourceContext);
  const key = ids.join(',');
  const [urls, setUrls] = useState<MediaUrls>({});
  const [failed, setFailed] = useState(false);
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (!key) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let fetchUrls: MediaUrlSource;
    if (source) fetchUrls = source;
    else {
      let api: MediaApi;
      try {
        api = mediaOf(client);
      } catch {
        setFailed(true);
        return;
      }
      fetchUrls = (list) => requestUrls(api, list);
    }
    fetchUrls(key.split(',')).then(
      (all) => {
        if (!live) return;
        const mine: MediaUrls = {};
        let soonest = Infinity;
        for (const id of key.split(',')) {
          const v = all[id];
          if (!v) continue;
          mine[id] = v;
          for (const u of Object.values(v)) soonest = Math.min(soonest, (u ? urlExpiry(u) : null) ?? Infinity);
        }
        setUrls(mine);
        setFailed(false);
        if (Number.isFinite(soonest))
          timer = setTimeout(() => setRound((r) => r + 1), Math.max(1_000, soonest - Date.now() - EARLY_MS));
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, source, key, round]);

  const url = useCallback(
    (id: string, ...variants: MediaVariant[]) => {
      const v = urls[id];
      if (!v) return undefined;
      for (const name of variants) if (v[name]) return v[name];
      return undefined;
    },
    [urls],
  );
  const refresh = useCallback(() => setRound((r) => r + 1), []);
  return { url, refresh, failed };
}
