// The action menu is a keyboard-usable menu: focus starts on the first item, arrows wrap,
// Home/End jump, Enter runs the item and closes, Escape closes and returns focus to the anchor.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { strings } from '../../strings.js';
import { ActionMenu } from './ActionMenu.js';
import { QUICK_REACTIONS } from './recent-emoji.js';

afterEach(cleanup);

function setup() {
  const anchor = document.createElement('button');
  anchor.textContent = 'message';
  document.body.append(anchor);
  const fns = { reply: vi.fn(), del: vi.fn(), react: vi.fn(), more: vi.fn(), close: vi.fn() };
  render(
    <ActionMenu
      anchor={anchor}
      onReact={fns.react}
      onMoreReactions={fns.more}
      myReactions={['👍']}
      items={[
        { key: 'reply', label: strings.actions.reply, onSelect: fns.reply },
        { key: 'delete', label: strings.actions.delete, onSelect: fns.del, danger: true },
      ]}
      onClose={fns.close}
    />,
  );
  return { anchor, fns, menu: screen.getByRole('menu', { name: strings.actions.menuLabel }) };
}

describe('ActionMenu', () => {
  it('moves with arrows (wrapping), Home and End', () => {
    const { menu } = setup();
    const items = screen.getAllByRole('menuitem');
    expect(items).toHaveLength(QUICK_REACTIONS.length + 1 + 2);
    expect(document.activeElement).toBe(items[0]);
    fireEvent.keyDown(menu, { key: 'ArrowUp' });
    expect(document.activeElement?.textContent).toBe(strings.actions.delete);
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[0]);
    fireEvent.keyDown(menu, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(items[1]);
    fireEvent.keyDown(menu, { key: 'End' });
    expect(document.activeElement).toBe(items.at(-1));
    fireEvent.keyDown(menu, { key: 'Home' });
    expect(document.activeElement).toBe(items[0]);
  });

  it('runs the chosen item and closes', () => {
    const { menu, fns } = setup();
    fireEvent.keyDown(menu, { key: 'End' });
    fireEvent.keyDown(menu, { key: 'ArrowUp' });
    expect(document.activeElement?.textContent).toBe(strings.actions.reply);
    fireEvent.click(document.activeElement as HTMLElement);
    expect(fns.close).toHaveBeenCalledOnce();
    expect(fns.reply).toHaveBeenCalledOnce();
    expect(fns.del).not.toHaveBeenCalled();
  });

  it('reacts from the quick row; my reactions show pressed', () => {
    const { fns } = setup();
    fireEvent.click(screen.getByRole('menuitem', { name: strings.actions.reactWith('😂') }));
    expect(fns.react).toHaveBeenCalledWith('😂');
    expect(screen.getByRole('menuitem', { name: strings.actions.reactWith('👍') }).className).toContain('reacted');
    fireEvent.click(screen.getByRole('menuitem', { name: strings.actions.moreEmoji }));
    expect(fns.more).toHaveBeenCalledOnce();
  });

  it('Escape closes and gives focus back to the anchor', () => {
    const { menu, fns, anchor } = setup();
    fireEvent.keyDown(menu, { key: 'Escape' });
    expect(fns.close).toHaveBeenCalledOnce();
    expect(document.activeElement).toBe(anchor);
    anchor.remove();
  });

  it('Escape closes it even after focus left the menu, and a click outside closes it', () => {
    const { fns, anchor } = setup();
    (document.activeElement as HTMLElement).blur();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(fns.close).toHaveBeenCalledOnce();
    cleanup();
    const second = setup();
    fireEvent.pointerDown(document.body);
    expect(second.fns.close).toHaveBeenCalledOnce();
    anchor.remove();
    second.anchor.remove();
  });
});
