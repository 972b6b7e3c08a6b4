// The photo editor's state: items placed in photo-relative positions stay on the photo when moved,
// keep their size within bounds, strokes grow point by point, and undo takes back the last item.
import { describe, expect, it } from 'vitest';
import { fitSize } from './compose.js';
import {
  SIZE_MAX,
  SIZE_MIN,
  editorReducer,
  initialEditorState,
  type EditorAction,
  type EditorState,
  type Sticker,
  type Stroke,
  type TextItem,
} from './editor-state.js';

const run = (...actions: EditorAction[]): EditorState => actions.reduce(editorReducer, initialEditorState);
const sticker: Sticker = { kind: 'sticker', id: 's1', emoji: '🔥', x: 0.5, y: 0.5, size: 0.2 };
const text: TextItem = { kind: 'text', id: 't1', text: 'hi', color: '#ffffff', x: 0.5, y: 0.8, size: 0.1 };
const stroke: Stroke = { kind: 'stroke', id: 'p1', color: '#ef4444', width: 0.01, points: [0.1, 0.1] };

describe('editorReducer', () => {
  it('sets the filter', () => {
    expect(run({ type: 'filter', filter: 'sepia' }).filter).toBe('sepia');
  });

  it('selects an added sticker or text, not a stroke', () => {
    expect(run({ type: 'add', item: sticker }).selected).toBe('s1');
    expect(run({ type: 'add', item: sticker }, { type: 'add', item: stroke }).selected).toBe('s1');
  });

  it('moves within the photo and resizes within bounds', () => {
    const s = run(
      { type: 'add', item: sticker },
      { type: 'move', id: 's1', dx: 0.9, dy: -0.2 },
      { type: 'scale', id: 's1', factor: 100 },
    );
    expect(s.items[0]).toMatchObject({ x: 1, y: 0.3, size: SIZE_MAX });
    const small = run({ type: 'add', item: text }, { type: 'scale', id: 't1', factor: 0.001 });
    expect(small.items[0]).toMatchObject({ size: SIZE_MIN });
  });

  it('extends a stroke, clamped to the photo, and never moves it', () => {
    const s = run(
      { type: 'add', item: stroke },
      { type: 'extend', id: 'p1', x: 0.5, y: 1.5 },
      { type: 'move', id: 'p1', dx: 0.3, dy: 0.3 },
    );
    expect(s.items[0]).toMatchObject({ points: [0.1, 0.1, 0.5, 1] });
  });

  it('undoes the last item, and clears the selection if it was selected', () => {
    const s = run({ type: 'add', item: stroke }, { type: 'add', item: sticker }, { type: 'undo' });
    expect(s.items.map((i) => i.id)).toEqual(['p1']);
    expect(s.selected).toBeNull();
    expect(run({ type: 'undo' })).toBe(initialEditorState);
  });

  it('removes an item by id', () => {
    const s = run({ type: 'add', item: sticker }, { type: 'add', item: text }, { type: 'remove', id: 's1' });
    expect(s.items.map((i) => i.id)).toEqual(['t1']);
    expect(s.selected).toBe('t1');
  });
});

describe('fitSize', () => {
  it('caps the long side and keeps the aspect ratio, never enlarging', () => {
    expect(fitSize(4000, 3000, 2560)).toEqual({ width: 2560, height: 1920 });
    expect(fitSize(1080, 1920, 1280)).toEqual({ width: 720, height: 1280 });
    expect(fitSize(640, 480, 2560)).toEqual({ width: 640, height: 480 });
  });
});
