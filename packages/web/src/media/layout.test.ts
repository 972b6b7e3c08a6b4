// Photo sizes from width/height and the album grids.
import { describe, expect, it } from 'vitest';
import { albumGrid, fitBox } from './layout.js';

describe('fitBox', () => {
  it('scales a landscape photo down to the maximum width, keeping its shape', () => {
    expect(fitBox(4000, 3000)).toEqual({ width: 320, height: 240 });
  });
  it('scales a portrait photo down to the maximum height', () => {
    expect(fitBox(1080, 1920)).toEqual({ width: 180, height: 320 });
  });
  it('never enlarges a small photo', () => {
    expect(fitBox(100, 120)).toEqual({ width: 100, height: 120 });
  });
  it('gives very thin images a minimum short side', () => {
    expect(fitBox(4000, 100)).toEqual({ width: 320, height: 80 });
  });
  it('uses a 4:3 box when the size is unknown', () => {
    expect(fitBox(null, null)).toEqual({ width: 320, height: 240 });
  });
});

describe('albumGrid', () => {
  it('places 2 side by side and 4 as 2×2', () => {
    expect(albumGrid(2).cells.map((c) => [c.column, c.row])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(albumGrid(4).cells.map((c) => [c.column, c.row])).toEqual([
      [1, 1],
      [2, 1],
      [1, 2],
      [2, 2],
    ]);
  });
  it('makes the first of 3 tall', () => {
    expect(albumGrid(3).cells[0]).toEqual({ column: 1, columnSpan: 1, row: 1, rowSpan: 2 });
  });
  it('puts 2 on the first row and 3 per row after, for 7', () => {
    const g = albumGrid(7);
    expect(g.columns).toBe(6);
    expect(g.rows).toBe(3);
    expect(g.cells.map((c) => c.row)).toEqual([1, 1, 2, 2, 2, 3, 3]);
    expect(g.cells.slice(2, 5).map((c) => c.column)).toEqual([1, 3, 5]);
  });
});
