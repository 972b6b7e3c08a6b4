// The URL a message's preview is for: the first http(s) link in its text, in the form the
// cache is keyed by (what clients pass to GET /v1/link-preview gives the same key).

/** A URL as the cache keys it: parsed and re-serialized, without its fragment. */
export function cacheKeyOf(url: string): string {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

export function firstUrlIn(text: string): string | null {
  for (const word of text.split(/\s+/)) {
    const start = word.search(/https?:\/\//i);
    if (start < 0) continue;
    // Trailing punctuation belongs to the sentence, not the link.
    const candidate = word.slice(start).replace(/[.,;:!?'")\]>]+$/, '');
    try {
      const u = new URL(candidate);
      if (u.protocol === 'http:' || u.protocol === 'https:') return cacheKeyOf(candidate);
    } catch {
      // not a URL after all; keep looking
    }
  }
  return null;
}
