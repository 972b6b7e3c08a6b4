// The status under my own messages: a clock while sending, then ✓ sent, ✓✓ delivered and a
// coloured ✓✓ once read (by every other member). In groups also "Read by N", which opens the
// lists of who read the message and who it was delivered to.
import { useState } from 'react';
import type { MessageReceiptsResponse } from '@anytime/protocol';
import type { MessageTicks } from '@anytime/sdk';
import { errorText } from '../../client/error-text.js';
import { strings } from '../../strings.js';

export type ReceiptKind = 'pending' | MessageTicks;

const marks: Record<ReceiptKind, string> = { pending: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓' };

export function Ticks({ kind }: { kind: ReceiptKind }) {
  const label = strings.history[kind];
  return (
    <span className={`ticks ticks-${kind}`} title={label} data-receipt={kind}>
      <span aria-hidden="true">{marks[kind]}</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

export interface ReadByProps {
  count: number;
  load: () => Promise<MessageReceiptsResponse>;
  userName: (userId: string) => string;
}

type Loaded =
  { state: 'loading' } | { state: 'error'; error: string } | { state: 'done'; data: MessageReceiptsResponse };

export function ReadBy({ count, load, userName }: ReadByProps) {
  const [open, setOpen] = useState<Loaded | null>(null);
  const t = strings.history;
  function toggle() {
    if (open) return setOpen(null);
    setOpen({ state: 'loading' });
    load().then(
      (data) => setOpen((o) => (o ? { state: 'done', data } : o)),
      (e: unknown) => setOpen((o) => (o ? { state: 'error', error: errorText(e) } : o)),
    );
  }
  const list = (ids: readonly string[]) =>
    ids.length === 0 ? (
      <p className="muted">{t.nobody}</p>
    ) : (
      <ul>
        {ids.map((id) => (
          <li key={id}>{userName(id)}</li>
        ))}
      </ul>
    );
  return (
    <div className="read-by">
      <button type="button" className="link" aria-expanded={open !== null} onClick={toggle}>
        {t.readBy(count)}
      </button>
      {open && (
        <div className="read-by-panel" role="group" aria-label={t.readBy(count)}>
          {open.state === 'loading' && <p>{t.receiptsLoading}</p>}
          {open.state === 'error' && <p role="alert">{open.error}</p>}
          {open.state === 'done' && (
            <>
              <strong>{t.readByHeading}</strong>
              {list(open.data.readBy)}
              <strong>{t.deliveredToHeading}</strong>
              {list(open.data.deliveredTo)}
            </>
          )}
          <button type="button" className="link" onClick={() => setOpen(null)}>
            {t.closeReceipts}
          </button>
        </div>
      )}
    </div>
  );
}
