// The URL a message's preview is for: the first http(s) link in its text, in the form the
// cache is keyed by (what clients pass to GET /v1/link-preview gives the same key). The links
// gallery (modules/message-media/gallery.ts) lists every link of a text the same way.

/** A URL as the cache keys it: parsed and re-serialized, without its fragment. */
export function cacheKeyOf(url: string): string {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

/** The http(s) links of a text in order, in cache-key form (repeats kept). */
export function* urlsIn(text: string): Generator<string> {
  for (const word of text.split(/\s+/)) {
    const start = word.search(/https?:\/\//i);
    if (start < 0) continue;
    // Trailing punctuation belongs to the sentence, not the link.
    const candidate = word.slice(start).replace(/[.,;:!?'")\]>]+$/, '');
    try {
      const u = new URL(candidate);
      if (u.protocol === 'http:' || u.protocol === 'https:') yield cacheKeyOf(candidate);
    } catch {
      // not a URL after all; keep looking
    }
  }
}

export function firstUrlIn(text: string): string | null {
  for (const url of urlsIn(text)) return url;
  return null;
}
