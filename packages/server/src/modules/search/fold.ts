// Folding text for search: accents and case removed, whitespace collapsed. The index and the
// query go through the same function, on both backends, so "cafe" finds "Café" everywhere.
// (SQLite's trigram tokenizer could fold accents itself, pg_trgm cannot: folding here keeps the
// two backends identical.)

/** Shortest word the trigram index can look up. */
export const MIN_TERM_LENGTH = 3;

export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * The words of a query, folded, that the index can answer: words shorter than 3 characters
 * are dropped (a trigram index cannot look them up quickly). Empty: the query is too short.
 */
export function queryTerms(q: string): string[] {
  const words = foldForSearch(q)
    .split(' ')
    .filter((w) => [...w].length >= MIN_TERM_LENGTH);
  return [...new Set(words)].slice(0, 8);
}
