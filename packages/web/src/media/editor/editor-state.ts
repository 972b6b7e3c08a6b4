// What the photo editor holds besides the photo: the filter and the things put on the photo
// (emoji stickers, texts, pen strokes), in positions relative to the photo (0..1 of its width and
// height) so the preview and the full-size output draw them at the same place. A pure reducer.
import type { FilterId } from '@anytime/protocol';

interface Placed {
  id: string;
  /** Centre, 0..1 of the photo's width and height. */
  x: number;
  y: number;
  /** Height, as a fraction of the photo's height. */
  size: number;
}
export interface Sticker extends Placed {
  kind: 'sticker';
  emoji: string;
}
export interface TextItem extends Placed {
  kind: 'text';
  text: string;
  color: string;
}
export interface Stroke {
  kind: 'stroke';
  id: string;
  color: string;
  /** Line width, a fraction of the photo's short side. */
  width: number;
  /** x0, y0, x1, y1, ... in 0..1 of the photo's width and height. */
  points: number[];
}
export type EditorItem = Sticker | TextItem | Stroke;

export interface EditorState {
  filter: FilterId;
  /** In drawing order; the last added is what undo takes back. */
  items: EditorItem[];
  /** The sticker or text that keyboard moves and resizes. */
  selected: string | null;
}

export type EditorAction =
  | { type: 'filter'; filter: FilterId }
  | { type: 'add'; item: EditorItem }
  | { type: 'move'; id: string; dx: number; dy: number }
  | { type: 'scale'; id: string; factor: number }
  | { type: 'extend'; id: string; x: number; y: number }
  | { type: 'remove'; id: string }
  | { type: 'select'; id: string | null }
  | { type: 'undo' };

export const SIZE_MIN = 0.04;
export const SIZE_MAX = 0.8;
export const initialEditorState: EditorState = { filter: 'none', items: [], selected: null };

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function update(state: EditorState, id: string, f: (item: EditorItem) => EditorItem): EditorState {
  return { ...state, items: state.items.map((i) => (i.id === id ? f(i) : i)) };
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case 'filter':
      return { ...state, filter: action.filter };
    case 'add':
      return {
        ...state,
        items: [...state.items, action.item],
        selected: action.item.kind === 'stroke' ? state.selected : action.item.id,
      };
    case 'move':
      return update(state, action.id, (i) =>
        i.kind === 'stroke' ? i : { ...i, x: clamp(i.x + action.dx, 0, 1), y: clamp(i.y + action.dy, 0, 1) },
      );
    case 'scale':
      return update(state, action.id, (i) =>
        i.kind === 'stroke' ? i : { ...i, size: clamp(i.size * action.factor, SIZE_MIN, SIZE_MAX) },
      );
    case 'extend':
      return update(state, action.id, (i) =>
        i.kind === 'stroke' ? { ...i, points: [...i.points, clamp(action.x, 0, 1), clamp(action.y, 0, 1)] } : i,
      );
    case 'remove':
      return {
        ...state,
        items: state.items.filter((i) => i.id !== action.id),
        selected: state.selected === action.id ? null : state.selected,
      };
    case 'select':
      return { ...state, selected: action.id };
    case 'undo': {
      const last = state.items.at(-1);
      if (!last) return state;
      return editorReducer(state, { type: 'remove', id: last.id });
    }
  }
}
