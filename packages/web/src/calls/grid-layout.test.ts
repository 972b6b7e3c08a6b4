import { describe, expect, it } from 'vitest';
import { columnsFor, orderTiles, pageCount, pageOf } from './grid-layout.js';

describe('grid pages', () => {
  const tiles = Array.from({ length: 30 }, (_, i) => i);
  it('splits 30 tiles in two pages of 25 and five pages of 6', () => {
    expect(pageCount(30, 25)).toBe(2);
    expect(pageOf(tiles, 0, 25)).toHaveLength(25);
    expect(pageOf(tiles, 1, 25)).toEqual([25, 26, 27, 28, 29]);
    expect(pageCount(30, 6)).toBe(5);
    expect(pageOf(tiles, 9, 6)).toEqual([24, 25, 26, 27, 28, 29]); // clamped to the last page
    expect(pageCount(0, 6)).toBe(1);
  });
  it('picks near-square columns', () => {
    expect([1, 2, 4, 5, 9, 25, 26].map((n) => columnsFor(n, 5))).toEqual([1, 2, 2, 3, 3, 5, 5]);
    expect(columnsFor(25, 2)).toBe(2);
  });
});

describe('orderTiles', () => {
  it('puts screens, then speakers, then raised hands first', () => {
    const t = (key: string, joinedAt: string, screen = false) => ({ key, joinedAt, screen });
    const tiles = [t('a', '1'), t('b', '2'), t('c', '3'), t('d', '4'), t('d:screen', '4', true)];
    const order = orderTiles(tiles, new Set(['c']), new Set(['b'])).map((x) => x.key);
    expect(order).toEqual(['d:screen', 'c', 'b', 'a', 'd']);
  });
});
