// "Delete message?": for me (hidden on all of my devices) or, when allowed, for everyone (a
// tombstone for every member). The server's catalog error shows if it refuses.
import { useState } from 'react';
import { errorText } from '../../client/error-text.js';
import { strings } from '../../strings.js';
import { Modal } from './Modal.js';

export interface DeleteDialogProps {
  canDeleteForEveryone: boolean;
  onDeleteForMe: () => Promise<void>;
  onDeleteForEveryone: () => Promise<void>;
  onClose: () => void;
}

export function DeleteDialog({ canDeleteForEveryone, onDeleteForMe, onDeleteForEveryone, onClose }: DeleteDialogProps) {
  const t = strings.actions;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = (fn: () => Promise<void>) => async () => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      onClose();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <Modal title={t.deleteTitle} onClose={onClose}>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-actions">
        {canDeleteForEveryone && (
          <button type="button" className="danger" disabled={busy} onClick={act(onDeleteForEveryone)}>
            {t.deleteForEveryone}
          </button>
        )}
        <button type="button" className="danger" disabled={busy} onClick={act(onDeleteForMe)}>
          {t.deleteForMe}
        </button>
        <button type="button" disabled={busy} onClick={onClose}>
          {t.cancel}
        </button>
      </div>
    </Modal>
  );
}
