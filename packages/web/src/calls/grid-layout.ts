// The group call grid: tiles on pages (25 per page on a wide screen, 6 on a phone), the speaker
// and screen shares first, and how many columns a page of n tiles wants.
export const PAGE_SIZE = { wide: 25, narrow: 6 } as const;

export function pageCount(tiles: number, pageSize: number): number {
  return Math.max(1, Math.ceil(tiles / pageSize));
}

/** The tiles of page `page` (0-based, clamped to the last page). */
export function pageOf<T>(tiles: readonly T[], page: number, pageSize: number): T[] {
  const last = pageCount(tiles.length, pageSize) - 1;
  const p = Math.min(Math.max(0, page), last);
  return tiles.slice(p * pageSize, (p + 1) * pageSize);
}

/** Columns for n tiles: a near-square grid, never more than `maxColumns`. */
export function columnsFor(n: number, maxColumns: number): number {
  if (n <= 1) return 1;
  return Math.min(maxColumns, Math.ceil(Math.sqrt(n)));
}

/** Orders tiles: screen shares, then speaking, then raised hands, then the rest in join order. */
export function orderTiles<T extends { key: string; screen: boolean; joinedAt: string }>(
  tiles: readonly T[],
  speaking: ReadonlySet<string>,
  handRaised: ReadonlySet<string>,
): T[] {
  const rank = (t: T) => (t.screen ? 0 : speaking.has(t.key) ? 1 : handRaised.has(t.key) ? 2 : 3);
  return [...tiles].sort(
    (a, b) => rank(a) - rank(b) || a.joinedAt.localeCompare(b.joinedAt) || a.key.localeCompare(b.key),
  );
}
