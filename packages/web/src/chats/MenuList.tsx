// A small keyboard-usable menu (role="menu"): the first item takes focus, arrows move, Escape
// and Tab close it and give focus back to the button that opened it.
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface MenuItem {
  key: string;
  label: string;
  onSelect: () => void;
  danger?: boolean;
}

export interface MenuListProps {
  label: string;
  items: readonly MenuItem[];
  onClose: () => void;
  children?: ReactNode;
}

export function MenuList({ label, items, onClose }: MenuListProps) {
  const ref = useRef<HTMLUListElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [items]);
  useEffect(() => {
    const away = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [onClose]);

  function onKeyDown(e: KeyboardEvent) {
    const all = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => all[(i + all.length) % all.length]?.focus();
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(all.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') onClose();
    else return;
    e.preventDefault();
    e.stopPropagation();
  }

  return (
    <ul className="menu" role="menu" aria-label={label} ref={ref} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <li key={item.key} role="none">
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={item.danger ? 'danger' : undefined}
            onClick={item.onSelect}
          >
            {item.label}
          </button>
        </li>
      ))}
    </ul>
  );
}
