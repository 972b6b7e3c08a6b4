// Sizes of photos and videos in the history, from the width and height the message carries, so
// the layout does not jump when images load; and the grid an album of several photos uses.

export interface Box {
  width: number;
  height: number;
}

/** Fits width × height into max × max (never upscaled beyond max, never below min on the short side). */
export function fitBox(width: number | null, height: number | null, max = 320, min = 80): Box {
  if (!width || !height) return { width: max, height: Math.round(max * 0.75) };
  const scale = Math.min(max / width, max / height, 1);
  let w = width * scale;
  let h = height * scale;
  // Very thin images get a minimum size on the short side (the image is cropped to cover).
  if (w < min) {
    h = Math.min(max, h * (min / w));
    w = min;
  }
  if (h < min) {
    w = Math.min(max, w * (min / h));
    h = min;
  }
  return { width: Math.round(w), height: Math.round(h) };
}

export interface AlbumCell {
  /** CSS grid placement: column start and span, row start and span (1-based). */
  column: number;
  columnSpan: number;
  row: number;
  rowSpan: number;
}

/**
 * An album's grid: 2 side by side; 3 as one tall and two stacked; 4 as 2×2; more as rows of 3
 * after a first row of 2 (what the messaging apps do). Returns the cells and the grid's rows.
 */
export function albumGrid(count: number): { columns: number; rows: number; cells: AlbumCell[] } {
  if (count <= 1) return { columns: 1, rows: 1, cells: [{ column: 1, columnSpan: 1, row: 1, rowSpan: 1 }] };
  if (count === 2)
    return {
      columns: 2,
      rows: 1,
      cells: [0, 1].map((i) => ({ column: i + 1, columnSpan: 1, row: 1, rowSpan: 1 })),
    };
  if (count === 3)
    return {
      columns: 2,
      rows: 2,
      cells: [
        { column: 1, columnSpan: 1, row: 1, rowSpan: 2 },
        { column: 2, columnSpan: 1, row: 1, rowSpan: 1 },
        { column: 2, columnSpan: 1, row: 2, rowSpan: 1 },
      ],
    };
  if (count === 4)
    return {
      columns: 2,
      rows: 2,
      cells: [0, 1, 2, 3].map((i) => ({ column: (i % 2) + 1, columnSpan: 1, row: Math.floor(i / 2) + 1, rowSpan: 1 })),
    };
  // Six columns: the first row holds 2 cells of 3 columns, later rows 3 cells of 2.
  const cells: AlbumCell[] = [
    { column: 1, columnSpan: 3, row: 1, rowSpan: 1 },
    { column: 4, columnSpan: 3, row: 1, rowSpan: 1 },
  ];
  for (let i = 2; i < count; i++) {
    const k = i - 2;
    cells.push({ column: (k % 3) * 2 + 1, columnSpan: 2, row: Math.floor(k / 3) + 2, rowSpan: 1 });
  }
  return { columns: 6, rows: cells.at(-1)!.row, cells };
}
