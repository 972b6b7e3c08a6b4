// The row menu: labels follow the state (unpin, unmute, unarchive), the mute choices send the
// right mutedUntil, and the keyboard moves through the items and closes the menu.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConversationState, type ConversationState } from '@anytime/protocol';
import { strings } from '../strings.js';
import { MuteMenu, RowMenu } from './RowMenu.js';

afterEach(cleanup);
const NOW = new Date('2030-01-02T12:00:00.000Z');
const t = strings.chatList;
const state = (s: Partial<ConversationState> = {}) => ({ ...defaultConversationState('c'), ...s });

describe('MuteMenu', () => {
  it.each([
    ['hour', '2030-01-02T13:00:00.000Z'],
    ['eightHours', '2030-01-02T20:00:00.000Z'],
    ['week', '2030-01-09T12:00:00.000Z'],
    ['forever', 'forever'],
  ] as const)('%s mutes until %s', (option, until) => {
    const onChoose = vi.fn();
    render(<MuteMenu title="Bob" onChoose={onChoose} onClose={vi.fn()} now={() => NOW} />);
    fireEvent.click(screen.getByRole('menuitem', { name: t.muteFor[option] }));
    expect(onChoose).toHaveBeenCalledWith(until);
  });

  it('focuses the first choice, moves with the arrows and closes on Escape', () => {
    const onClose = vi.fn();
    render(<MuteMenu title="Bob" onChoose={vi.fn()} onClose={onClose} now={() => NOW} />);
    const items = screen.getAllByRole('menuitem');
    expect(document.activeElement).toBe(items[0]);
    fireEvent.keyDown(items[0]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[1]);
    fireEvent.keyDown(items[1]!, { key: 'ArrowUp' });
    fireEvent.keyDown(items[0]!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(items[3]);
    fireEvent.keyDown(items[3]!, { key: 'Escape' });
    expect(onClose).toHaveBeenCalled();
  });
});

describe('RowMenu', () => {
  it('goes from Mute… to the mute choices and sends the chosen one', () => {
    const onAction = vi.fn();
    render(
      <RowMenu title="Bob" state={state()} isGroup={false} onAction={onAction} onClose={vi.fn()} now={() => NOW} />,
    );
    expect(screen.queryByRole('menuitem', { name: t.leave })).toBeNull();
    expect(screen.queryByRole('menuitem', { name: t.markRead })).toBeNull();
    fireEvent.click(screen.getByRole('menuitem', { name: t.mute }));
    fireEvent.click(screen.getByRole('menuitem', { name: t.muteFor.hour }));
    expect(onAction).toHaveBeenCalledWith({ type: 'mute', mutedUntil: '2030-01-02T13:00:00.000Z' });
  });

  it('offers unpin, unmute, unarchive, mark as read and leave when they apply', () => {
    const onAction = vi.fn();
    const onClose = vi.fn();
    render(
      <RowMenu
        title="Family"
        state={state({ pinnedAt: NOW.toISOString(), mutedUntil: 'forever', archived: true, unreadCount: 2 })}
        isGroup
        onAction={onAction}
        onClose={onClose}
        now={() => NOW}
      />,
    );
    const names = screen.getAllByRole('menuitem').map((i) => i.textContent);
    expect(names).toEqual([t.unpin, t.unmute, t.unarchive, t.markRead, t.leave]);
    fireEvent.click(screen.getByRole('menuitem', { name: t.unmute }));
    expect(onAction).toHaveBeenLastCalledWith({ type: 'mute', mutedUntil: null });
    fireEvent.click(screen.getByRole('menuitem', { name: t.unarchive }));
    expect(onAction).toHaveBeenLastCalledWith({ type: 'archive', archived: false });
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
