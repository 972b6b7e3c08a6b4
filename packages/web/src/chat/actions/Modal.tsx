// A modal dialog: labelled by its heading, Escape or the backdrop closes it, focus moves in on
// open and back to where it was on close. A centred card on wide screens, a bottom sheet on
// narrow ones (actions.css).
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { strings } from '../../strings.js';
import './actions.css';

export interface ModalProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
}

export function Modal({ title, onClose, children, className }: ModalProps) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = box.current?.querySelector<HTMLElement>('[data-autofocus], input, button:not(.modal-close)');
    (first ?? box.current)?.focus();
    return () => {
      if (before?.isConnected && before !== document.body) before.focus();
    };
  }, []);

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={box}
        className={`modal ${className ?? ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <header className="modal-header">
          <h2 id={`${id}-title`}>{title}</h2>
          <button type="button" className="modal-close" onClick={onClose} aria-label={strings.actions.close}>
            <span aria-hidden="true">×</span>
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}
