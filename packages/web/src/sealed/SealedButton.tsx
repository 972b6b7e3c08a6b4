// The composer's lock button: opens the sealed composer for this chat (in a portal, so its form
// is not nested in the composer's). Hidden when encryption is not available on this device.
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { useEncryption } from '../crypto/encryption-context.js';
import { useKeyStatus } from '../crypto/KeyGate.js';
import { LockIcon } from '../secret/LockIcon.js';
import { strings } from '../strings.js';
import { SealedComposer } from './SealedComposer.js';

export function SealedButton({ conversationId }: { conversationId: string }) {
  const port = useEncryption();
  const { state } = useKeyStatus();
  const [open, setOpen] = useState(false);
  if (!port || state.status !== 'ready') return null;
  return (
    <>
      <button
        type="button"
        className="icon sealed-button"
        aria-label={strings.sealed.openComposer}
        title={strings.sealed.openComposer}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        <LockIcon />
      </button>
      {open &&
        createPortal(
          <SealedComposer port={port} conversationId={conversationId} onClose={() => setOpen(false)} />,
          document.body,
        )}
    </>
  );
}
