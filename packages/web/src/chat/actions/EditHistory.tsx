// The earlier versions of an edited message (oldest first, from the edits route), then the
// current text.
import { useEffect, useState } from 'react';
import type { Message, MessageEdit } from '@anytime/protocol';
import { formatClock } from '../../app/format-time.js';
import { useClient } from '../../client/client-context.js';
import { errorText } from '../../client/error-text.js';
import { strings } from '../../strings.js';
import { Modal } from './Modal.js';

export function EditHistory({ message, onClose }: { message: Message; onClose: () => void }) {
  const t = strings.actions;
  const client = useClient();
  const [edits, setEdits] = useState<MessageEdit[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.api('listMessageEdits', { params: { id: message.id } }).then(
      (r) => live && setEdits(r.edits),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [client, message.id]);

  return (
    <Modal title={t.historyTitle} onClose={onClose}>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!edits && !error && <p className="placeholder">{strings.loading}</p>}
      {edits && (
        <ol className="edit-history">
          {edits.length === 0 && <li className="placeholder">{t.historyEmpty}</li>}
          {edits.map((e) => (
            <li key={e.at}>
              <p className="text">{e.text}</p>
              <time dateTime={e.at}>{formatClock(e.at)}</time>
            </li>
          ))}
          <li className="current">
            <p className="text">{message.text}</p>
            <span>{t.historyCurrent}</span>
          </li>
        </ol>
      )}
    </Modal>
  );
}
