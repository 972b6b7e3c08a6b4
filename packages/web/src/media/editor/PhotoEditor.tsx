// The photo editor a photo goes through before it is sent: a filter strip with live thumbnails
// of the photo, emoji stickers and texts (moved and resized by dragging or with the keyboard),
// pen drawing with undo; Done gives the edited photo (JPEG at the photo's resolution, long side
// capped) and the filter it used.
import { useEffect, useReducer, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { FILTER_IDS, type FilterId } from '@anytime/protocol';
import { strings } from '../../strings.js';
import { releaseFilterRenderer, renderFilter } from '../filters/index.js';
import { composeEdited, fitSize } from './compose.js';
import { drawItems } from './draw-items.js';
import { editorReducer, initialEditorState, type Sticker, type TextItem } from './editor-state.js';
import './photo-editor.css';

export interface PhotoEditorProps {
  image: Blob;
  onDone: (edited: Blob, filter: FilterId) => void;
  onCancel: () => void;
}

type Tool = 'filters' | 'stickers' | 'text' | 'draw';
const TOOLS: Tool[] = ['filters', 'stickers', 'text', 'draw'];
const TOOL_LABEL: Record<Tool, string> = {
  filters: strings.photoEditor.filtersTab,
  stickers: strings.photoEditor.stickersTab,
  text: strings.photoEditor.textTab,
  draw: strings.photoEditor.drawTab,
};
export const STICKERS = ['😀', '😂', '😍', '😎', '🥳', '👍', '❤️', '🔥', '⭐', '🎉', '🌈', '🐱'];
export const COLORS = ['#ffffff', '#111111', '#ef4444', '#f59e0b', '#22c55e', '#3b82f6', '#a855f7'];
const PREVIEW_MAX = 1080;
const THUMB = 72;
const PEN_WIDTH = 0.012;
const STEP = 0.02;

let counter = 0;
const newId = (prefix: string) => `${prefix}${(counter += 1)}`;

export function PhotoEditor({ image, onDone, onCancel }: PhotoEditorProps) {
  const [photo, setPhoto] = useState<ImageBitmap | null>(null);
  const [preview, setPreview] = useState<ImageBitmap | null>(null);
  const [failed, setFailed] = useState(false);
  const [state, dispatch] = useReducer(editorReducer, initialEditorState);
  const [tool, setTool] = useState<Tool>('filters');
  const [pen, setPen] = useState(COLORS[2]!);
  const [textColor, setTextColor] = useState(COLORS[0]!);
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const [stage, setStage] = useState({ w: 0, h: 0 });
  const filteredRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const thumbsRef = useRef(new Map<FilterId, HTMLCanvasElement>());
  const drawing = useRef<string | null>(null);

  // Decode the photo (EXIF orientation applied) and a preview-sized copy of it.
  useEffect(() => {
    let alive = true;
    const made: ImageBitmap[] = [];
    void (async () => {
      try {
        const full = await createImageBitmap(image);
        made.push(full);
        const size = fitSize(full.width, full.height, PREVIEW_MAX);
        const small = await createImageBitmap(full, {
          resizeWidth: size.width,
          resizeHeight: size.height,
          resizeQuality: 'high',
        });
        made.push(small);
        if (!alive) return;
        setPhoto(full);
        setPreview(small);
      } catch {
        if (alive) setFailed(true);
      }
    })();
    return () => {
      alive = false;
      for (const b of made) b.close();
    };
  }, [image]);

  // The filtered preview, redrawn when the filter changes.
  useEffect(() => {
    const canvas = filteredRef.current;
    if (!canvas || !preview) return;
    canvas.width = preview.width;
    canvas.height = preview.height;
    renderFilter(preview, state.filter, canvas);
  }, [preview, state.filter]);
  useEffect(() => {
    const canvas = filteredRef.current;
    return () => {
      if (canvas) releaseFilterRenderer(canvas);
    };
  }, []);

  // The thumbnails of the strip: each filter on a small copy, through one WebGL canvas.
  useEffect(() => {
    if (!preview) return;
    let alive = true;
    void (async () => {
      const size = fitSize(preview.width, preview.height, THUMB * 2);
      const small = await createImageBitmap(preview, { resizeWidth: size.width, resizeHeight: size.height });
      const gl = document.createElement('canvas');
      gl.width = size.width;
      gl.height = size.height;
      for (const id of FILTER_IDS) {
        const thumb = thumbsRef.current.get(id);
        if (!alive || !thumb) continue;
        renderFilter(small, id, gl);
        thumb.width = size.width;
        thumb.height = size.height;
        thumb.getContext('2d')?.drawImage(gl, 0, 0);
      }
      releaseFilterRenderer(gl);
      small.close();
    })();
    return () => {
      alive = false;
    };
  }, [preview]);

  // The overlay: stickers, texts and strokes, redrawn when they change.
  useEffect(() => {
    const canvas = overlayRef.current;
    if (!canvas || !preview) return;
    canvas.width = preview.width;
    canvas.height = preview.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    drawItems(ctx, state.items, canvas.width, canvas.height);
  }, [preview, state.items]);

  // The stage's size on screen, to place the sticker and text handles.
  useEffect(() => {
    const el = stageRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setStage({ w: el.clientWidth, h: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, [preview]);

  const point = (e: PointerEvent) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: (e.clientX - r.left) / r.width, y: (e.clientY - r.top) / r.height };
  };

  const startStroke = (e: PointerEvent<HTMLCanvasElement>) => {
    if (tool !== 'draw') return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const id = newId('stroke');
    drawing.current = id;
    const { x, y } = point(e);
    dispatch({ type: 'add', item: { kind: 'stroke', id, color: pen, width: PEN_WIDTH, points: [x, y] } });
  };
  const extendStroke = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const { x, y } = point(e);
    dispatch({ type: 'extend', id: drawing.current, x, y });
  };
  const endStroke = () => {
    drawing.current = null;
  };

  const addSticker = (emoji: string) =>
    dispatch({ type: 'add', item: { kind: 'sticker', id: newId('sticker'), emoji, x: 0.5, y: 0.5, size: 0.2 } });
  const addText = () => {
    const t = text.trim();
    if (!t) return;
    dispatch({
      type: 'add',
      item: { kind: 'text', id: newId('text'), text: t, color: textColor, x: 0.5, y: 0.8, size: 0.1 },
    });
    setText('');
  };

  const done = async () => {
    if (!photo || saving) return;
    setSaving(true);
    try {
      onDone(await composeEdited(photo, state), state.filter);
    } finally {
      setSaving(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'z' && (e.ctrlKey || e.metaKey) && !(e.target instanceof HTMLInputElement)) {
      e.preventDefault();
      dispatch({ type: 'undo' });
    }
  };

  const handles = state.items.filter((i): i is Sticker | TextItem => i.kind !== 'stroke');

  return (
    <div
      className="photo-editor"
      role="dialog"
      aria-modal="true"
      aria-label={strings.photoEditor.dialog}
      onKeyDown={onKeyDown}
    >
      {failed ? (
        <p role="alert" className="photo-editor-status">
          {strings.photoEditor.loadFailed}
        </p>
      ) : !preview ? (
        <p role="status" className="photo-editor-status">
          {strings.photoEditor.loading}
        </p>
      ) : null}
      <div
        className="photo-editor-stage"
        ref={stageRef}
        hidden={!preview}
        style={
          preview
            ? {
                aspectRatio: `${preview.width} / ${preview.height}`,
                width: `min(100%, calc(60vh * ${preview.width} / ${preview.height}))`,
              }
            : undefined
        }
      >
        <canvas ref={filteredRef} className="photo-editor-layer" aria-hidden="true" />
        <canvas
          ref={overlayRef}
          className={`photo-editor-layer${tool === 'draw' ? ' drawing' : ''}`}
          role="img"
          aria-label={strings.photoEditor.canvas}
          onPointerDown={startStroke}
          onPointerMove={extendStroke}
          onPointerUp={endStroke}
          onPointerCancel={endStroke}
        />
        {tool !== 'draw' &&
          handles.map((item) => (
            <ItemHandle
              key={item.id}
              item={item}
              stage={stage}
              selected={state.selected === item.id}
              dispatch={dispatch}
            />
          ))}
      </div>

      <div className="photo-editor-tools" role="group" aria-label={strings.photoEditor.tools}>
        {TOOLS.map((t) => (
          <button key={t} type="button" aria-pressed={tool === t} onClick={() => setTool(t)}>
            {TOOL_LABEL[t]}
          </button>
        ))}
      </div>

      <div className="photo-editor-panel">
        {/* Kept mounted (hidden) under the other tools: the thumbnails are drawn once. */}
        <div
          className="photo-editor-strip"
          role="group"
          aria-label={strings.photoEditor.filterStrip}
          hidden={tool !== 'filters'}
        >
          {FILTER_IDS.map((id) => (
            <button
              key={id}
              type="button"
              className="photo-editor-filter"
              aria-pressed={state.filter === id}
              onClick={() => dispatch({ type: 'filter', filter: id })}
            >
              <canvas
                aria-hidden="true"
                ref={(el) => {
                  if (el) thumbsRef.current.set(id, el);
                }}
              />
              <span>{strings.photoEditor.filterNames[id]}</span>
            </button>
          ))}
        </div>
        {tool === 'stickers' && (
          <div className="photo-editor-stickers" role="group" aria-label={strings.photoEditor.stickerPalette}>
            {STICKERS.map((emoji) => (
              <button
                key={emoji}
                type="button"
                aria-label={strings.photoEditor.addSticker(emoji)}
                onClick={() => addSticker(emoji)}
              >
                {emoji}
              </button>
            ))}
          </div>
        )}
        {tool === 'text' && (
          <form
            className="photo-editor-text"
            onSubmit={(e) => {
              e.preventDefault();
              addText();
            }}
          >
            <label>
              {strings.photoEditor.textLabel}
              <input value={text} maxLength={80} onChange={(e) => setText(e.target.value)} />
            </label>
            <Swatches label={strings.photoEditor.textColor} value={textColor} onChange={setTextColor} />
            <button type="submit" disabled={!text.trim()}>
              {strings.photoEditor.addText}
            </button>
          </form>
        )}
        {tool === 'draw' && <Swatches label={strings.photoEditor.penColor} value={pen} onChange={setPen} />}
      </div>

      <div className="photo-editor-actions">
        <button type="button" onClick={() => dispatch({ type: 'undo' })} disabled={state.items.length === 0}>
          {strings.photoEditor.undo}
        </button>
        <span className="photo-editor-spacer" />
        <button type="button" onClick={onCancel}>
          {strings.photoEditor.cancel}
        </button>
        <button type="button" className="primary" onClick={() => void done()} disabled={!photo || saving}>
          {saving ? strings.photoEditor.saving : strings.photoEditor.done}
        </button>
      </div>
    </div>
  );
}

function Swatches({ label, value, onChange }: { label: string; value: string; onChange: (c: string) => void }) {
  return (
    <div className="photo-editor-swatches" role="radiogroup" aria-label={label}>
      {COLORS.map((c) => (
        <button
          key={c}
          type="button"
          role="radio"
          aria-checked={value === c}
          aria-label={strings.photoEditor.colorNames[c] ?? c}
          style={{ background: c }}
          onClick={() => onChange(c)}
        />
      ))}
    </div>
  );
}

interface HandleProps {
  item: Sticker | TextItem;
  stage: { w: number; h: number };
  selected: boolean;
  dispatch: (a: Parameters<typeof editorReducer>[1]) => void;
}

/** The on-screen handle of a sticker or text: drag to move, the corner to resize, or keys. */
function ItemHandle({ item, stage, selected, dispatch }: HandleProps) {
  const drag = useRef<{ x: number; y: number; resize: boolean } | null>(null);
  const h = item.size * stage.h;
  const w = item.kind === 'sticker' ? h : Math.max(h, h * 0.62 * item.text.length);
  const label = item.kind === 'sticker' ? strings.photoEditor.sticker(item.emoji) : strings.photoEditor.text(item.text);

  const down = (e: PointerEvent<HTMLElement>, resize: boolean) => {
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, resize };
    dispatch({ type: 'select', id: item.id });
  };
  const move = (e: PointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (!d || stage.w === 0) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    drag.current = { ...d, x: e.clientX, y: e.clientY };
    if (d.resize) dispatch({ type: 'scale', id: item.id, factor: Math.max(0.1, (h + dy) / Math.max(1, h)) });
    else dispatch({ type: 'move', id: item.id, dx: dx / stage.w, dy: dy / stage.h });
  };
  const up = () => {
    drag.current = null;
  };
  const key = (e: KeyboardEvent<HTMLElement>) => {
    const step = e.shiftKey ? STEP * 5 : STEP;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const m = moves[e.key];
    if (m) dispatch({ type: 'move', id: item.id, dx: m[0], dy: m[1] });
    else if (e.key === '+' || e.key === '=') dispatch({ type: 'scale', id: item.id, factor: 1.1 });
    else if (e.key === '-') dispatch({ type: 'scale', id: item.id, factor: 1 / 1.1 });
    else if (e.key === 'Delete' || e.key === 'Backspace') dispatch({ type: 'remove', id: item.id });
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div
      className={`photo-editor-handle${selected ? ' selected' : ''}`}
      role="button"
      tabIndex={0}
      aria-label={label}
      style={{ left: `${item.x * 100}%`, top: `${item.y * 100}%`, width: w, height: h }}
      onPointerDown={(e) => down(e, false)}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={up}
      onFocus={() => dispatch({ type: 'select', id: item.id })}
      onKeyDown={key}
    >
      <span
        className="photo-editor-resize"
        title={strings.photoEditor.resize}
        aria-hidden="true"
        onPointerDown={(e) => down(e, true)}
        onPointerMove={move}
        onPointerUp={up}
      />
    </div>
  );
}
