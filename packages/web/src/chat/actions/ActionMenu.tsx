// The actions on one message, as an accessible menu: a row of quick reactions, then Reply, Copy,
// Edit, Delete, Forward, Pin, Star, Edit history. Arrow keys move (Home/End jump), Enter or
// Space activates, Escape or Tab closes and focus returns to the message's control. Placed by
// its anchor on wide screens, a bottom sheet on narrow ones (actions.css).
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { strings } from '../../strings.js';
import { QUICK_REACTIONS } from './recent-emoji.js';
import './actions.css';

export interface ActionItem {
  key: string;
  label: string;
  onSelect: () => void;
  danger?: boolean;
}

export interface ActionMenuProps {
  anchor: HTMLElement | null;
  /** Quick reactions; omitted when the message cannot be reacted to. */
  onReact?: (emoji: string) => void;
  onMoreReactions?: () => void;
  /** Which quick emoji the user already reacted with (shown pressed). */
  myReactions?: readonly string[];
  items: readonly ActionItem[];
  onClose: () => void;
}

export function ActionMenu({ anchor, onReact, onMoreReactions, myReactions = [], items, onClose }: ActionMenuProps) {
  const t = strings.actions;
  const menu = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ top: number; left: number } | null>(null);

  useLayoutEffect(() => {
    if (!anchor || !menu.current) return;
    const r = anchor.getBoundingClientRect();
    const m = menu.current.getBoundingClientRect();
    const top = r.bottom + m.height > window.innerHeight ? Math.max(8, r.top - m.height) : r.bottom;
    const left = Math.max(8, Math.min(r.left, window.innerWidth - m.width - 8));
    setPos({ top, left });
  }, [anchor]);

  useEffect(() => {
    menuItems()[0]?.focus();
    const outside = (e: PointerEvent) => {
      if (menu.current && !menu.current.contains(e.target as Node)) onClose();
    };
    // Escape closes the menu even when focus has left it (e.g. a click on empty space).
    const escape = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        onClose();
        anchor?.focus();
      }
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('keydown', escape);
    };
    // Focus the first item once, on open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function menuItems(): HTMLElement[] {
    return [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  }

  function close() {
    onClose();
    anchor?.focus();
  }

  function onKeyDown(e: KeyboardEvent) {
    const all = menuItems();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => {
      e.preventDefault();
      all[(i + all.length) % all.length]?.focus();
    };
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        return move(at + 1);
      case 'ArrowUp':
      case 'ArrowLeft':
        return move(at - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(all.length - 1);
      case 'Escape':
        e.preventDefault();
        e.stopPropagation();
        return close();
      case 'Tab':
        return close();
    }
  }

  const run = (fn: () => void) => () => {
    onClose();
    fn();
  };

  return (
    <div className="action-menu-layer">
      <div
        ref={menu}
        className="action-menu"
        role="menu"
        aria-label={t.menuLabel}
        style={pos ? { top: pos.top, left: pos.left } : { visibility: 'hidden' }}
        onKeyDown={onKeyDown}
      >
        {onReact && (
          <div className="quick-reactions" role="group" aria-label={t.quickReactions}>
            {QUICK_REACTIONS.map((emoji) => (
              <button
                key={emoji}
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={myReactions.includes(emoji) ? 'emoji reacted' : 'emoji'}
                aria-label={t.reactWith(emoji)}
                onClick={run(() => onReact(emoji))}
              >
                {emoji}
              </button>
            ))}
            {onMoreReactions && (
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className="emoji more"
                aria-label={t.moreEmoji}
                onClick={run(onMoreReactions)}
              >
                <span aria-hidden="true">+</span>
              </button>
            )}
          </div>
        )}
        {items.map((item) => (
          <button
            key={item.key}
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={item.danger ? 'danger' : undefined}
            onClick={run(item.onSelect)}
          >
            {item.label}
          </button>
        ))}
      </div>
    </div>
  );
}
