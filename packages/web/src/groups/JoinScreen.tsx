// Opening an invite link (#/join/<code>): what the group is, then Join.
import { useEffect, useState } from 'react';
import type { Conversation, InvitePreview } from '@anytime/protocol';
import { Panel } from '../app/Panel.js';
import { useClient } from '../client/client-context.js';
import { errorText } from '../client/error-text.js';
import { strings } from '../strings.js';
import '../settings/settings.css';

export interface JoinScreenProps {
  code: string;
  onJoined: (c: Conversation) => void;
  onCancel: () => void;
}

export function JoinScreen({ code, onJoined, onCancel }: JoinScreenProps) {
  const client = useClient();
  const t = strings.join;
  const [preview, setPreview] = useState<InvitePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    client.api('previewInvite', { params: { code } }).then(
      (r) => live && setPreview(r.preview),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [client, code]);

  async function join() {
    setBusy(true);
    setError(null);
    try {
      onJoined((await client.api('joinByInvite', { params: { code } })).conversation);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Panel heading={t.heading} onClose={onCancel} error={error}>
      {!preview && !error && <p className="placeholder">{strings.loading}</p>}
      {preview && (
        <>
          <p className="join-title">
            <strong>{preview.title ?? strings.conversations.groupTitleFallback}</strong>
          </p>
          {preview.description && <p>{preview.description}</p>}
          <p className="hint">{strings.conversations.members(preview.memberCount)}</p>
          <div>
            <button type="button" className="primary" disabled={busy} onClick={() => void join()}>
              {t.join}
            </button>
          </div>
        </>
      )}
    </Panel>
  );
}
