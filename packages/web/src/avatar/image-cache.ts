// Avatars are API routes that need the access token, so an <img> cannot load them directly: each
// is fetched once through the SDK and kept as an object URL. An avatarUrl changes with each
// upload, so a URL's image never goes stale and the cache needs no invalidation.
import { useEffect, useState } from 'react';
import type { AnytimeClient } from '@anytime/sdk';
import { useClient } from '../client/client-context.js';

const cache = new Map<string, Promise<string>>();

/** The object URL of the image at an API URL, fetched once per URL (a failure is retried later). */
export function loadImage(client: AnytimeClient, url: string): Promise<string> {
  let hit = cache.get(url);
  if (!hit) {
    hit = client.fetchImage(url).then((blob) => URL.createObjectURL(blob));
    hit.catch(() => cache.delete(url));
    cache.set(url, hit);
  }
  return hit;
}

/** A src for an <img> of the API image at `url`; null while loading, on failure, or without one. */
export function useImageSrc(url: string | null): string | null {
  const client = useClient();
  const [loaded, setLoaded] = useState<{ url: string; src: string } | null>(null);
  useEffect(() => {
    if (!url) return;
    let live = true;
    loadImage(client, url).then(
      (src) => live && setLoaded({ url, src }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, url]);
  return loaded && loaded.url === url ? loaded.src : null;
}
