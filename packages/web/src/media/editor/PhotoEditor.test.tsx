// The photo editor's controls in jsdom (no pixels here; the Chromium test checks those): tools
// switch panels, stickers and texts get keyboard-operable handles, undo takes back the last one,
// Escape cancels, and a photo that cannot be decoded says so instead of hanging.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { strings } from '../../strings.js';
import { PhotoEditor } from './PhotoEditor.js';

const s = strings.photoEditor;
afterEach(cleanup);

function open() {
  const onDone = vi.fn();
  const onCancel = vi.fn();
  render(<PhotoEditor image={new Blob(['not a photo'], { type: 'image/jpeg' })} onDone={onDone} onCancel={onCancel} />);
  return { onDone, onCancel };
}

describe('PhotoEditor controls', () => {
  it('is a labelled dialog that reports a photo it cannot open', async () => {
    open();
    expect(screen.getByRole('dialog', { name: s.dialog })).toBeTruthy();
    expect((await screen.findByRole('alert')).textContent).toBe(s.loadFailed);
    expect((screen.getByRole('button', { name: s.done }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('lists every filter in the strip and marks the chosen one', () => {
    open();
    const strip = screen.getByRole('group', { name: s.filterStrip });
    expect(strip.querySelectorAll('button')).toHaveLength(Object.keys(s.filterNames).length);
    const mono = screen.getByRole('button', { name: s.filterNames.mono });
    expect(mono.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(mono);
    expect(mono.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: s.filterNames.none }).getAttribute('aria-pressed')).toBe('false');
  });

  it('adds stickers and texts as keyboard handles; Delete removes one, undo the last', () => {
    open();
    // jsdom decodes no photo, so the stage (and the handles on it) stay hidden: find them by label.
    const handle = (label: string) =>
      Array.from(document.querySelectorAll<HTMLElement>('.photo-editor-handle')).find(
        (e) => e.getAttribute('aria-label') === label,
      ) ?? null;
    const undo = screen.getByRole('button', { name: s.undo }) as HTMLButtonElement;
    expect(undo.disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: s.stickersTab }));
    expect(document.querySelector<HTMLElement>('.photo-editor-strip')!.hidden).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: s.addSticker('🔥') }));
    fireEvent.click(screen.getByRole('button', { name: s.addSticker('⭐') }));
    expect(undo.disabled).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: s.textTab }));
    const add = screen.getByRole('button', { name: s.addText }) as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText(s.textLabel), { target: { value: '  Hi!  ' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Red' }));
    expect(screen.getByRole('radio', { name: 'Red' }).getAttribute('aria-checked')).toBe('true');
    fireEvent.click(add);
    const text = handle(s.text('Hi!'))!;
    expect(text.getAttribute('role')).toBe('button');
    expect(text.getAttribute('tabindex')).toBe('0');
    // Arrow keys move it (its left/top are percentages of the photo).
    expect(text.style.left).toBe('50%');
    fireEvent.keyDown(text, { key: 'ArrowRight' });
    expect(handle(s.text('Hi!'))!.style.left).toBe('52%');
    fireEvent.keyDown(handle(s.sticker('🔥'))!, { key: 'Delete' });
    expect(handle(s.sticker('🔥'))).toBeNull();
    fireEvent.click(undo);
    expect(handle(s.text('Hi!'))).toBeNull();
    expect(handle(s.sticker('⭐'))).not.toBeNull();
  });

  it('cancels with Escape and with the Cancel button', () => {
    const { onCancel, onDone } = open();
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    fireEvent.click(screen.getByRole('button', { name: s.cancel }));
    expect(onCancel).toHaveBeenCalledTimes(2);
    expect(onDone).not.toHaveBeenCalled();
  });
});
