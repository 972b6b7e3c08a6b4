// The frame of a side panel (profile, settings, group or contact info, joining a group): a back
// button that closes it, its heading (which names the region), the error of its last action,
// then its content.
import { useId, type ReactNode } from 'react';
import { strings } from '../strings.js';

export interface PanelProps {
  heading: string;
  onClose: () => void;
  error?: string | null;
  children?: ReactNode;
}

export function Panel({ heading, onClose, error, children }: PanelProps) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <header className="panel-header">
        <button type="button" className="back" onClick={onClose} aria-label={strings.panel.close}>
          <span aria-hidden="true">←</span>
        </button>
        <h2 id={headingId}>{heading}</h2>
      </header>
      <div className="panel-body">
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {children}
      </div>
    </section>
  );
}
