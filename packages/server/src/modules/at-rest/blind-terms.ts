// The terms of the blind search index: each folded word's trigrams, every one as a keyed
// HMAC-SHA256 (truncated to 96 bits) under the conversation's index key, which HKDF derives from
// the conversation's search data key (scope `s:<conversation id>`). Equal trigrams in one
// conversation give equal terms (that is what makes lookup possible, and what the index reveals:
// which messages of a conversation share trigrams); across conversations they differ.
import { createHmac, hkdfSync } from 'node:crypto';
import { foldForSearch, MIN_TERM_LENGTH } from '../search/fold.js';
import type { DataKey } from './value-cipher.js';

export const searchScope = (conversationId: string) => `s:${conversationId}`;

export function indexKey(k: DataKey): Buffer {
  return Buffer.from(hkdfSync('sha256', k.key, Buffer.alloc(0), 'anytime blind search index v1', 32));
}

/** The distinct trigrams of words (already folded), in code points. */
export function trigramsOf(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (const w of words) {
    if (!SURROGATE.test(w)) {
      // Every code point is one UTF-16 unit (almost all text): substrings, no arrays.
      for (let i = 0; i + MIN_TERM_LENGTH <= w.length; i++) out.add(w.substring(i, i + MIN_TERM_LENGTH));
      continue;
    }
    const cps = [...w];
    for (let i = 0; i + MIN_TERM_LENGTH <= cps.length; i++) out.add(cps.slice(i, i + MIN_TERM_LENGTH).join(''));
  }
  return [...out];
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** The trigrams of a message's text. */
export function textTrigrams(text: string): string[] {
  return trigramsOf(foldForSearch(text).split(' '));
}

/** The keyed HMAC of a trigram; each term store keeps part of it in its own form (TermStore.termOf). */
export function termMac(key: Buffer, trigram: string): Buffer {
  return createHmac('sha256', key).update(trigram).digest();
}
