// An avatar with "choose photo" and "remove photo": the chosen image is checked here (type and
// size, so that the usual mistakes need no round trip), then handed to `upload` as bytes.
import { useRef, useState, type ChangeEvent } from 'react';
import { LIMITS } from '@anytime/protocol';
import { errorText } from '../client/error-text.js';
import { strings } from '../strings.js';
import { Avatar } from './Avatar.js';

const ACCEPT = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

export interface AvatarControlProps {
  name: string;
  url: string | null;
  upload: (bytes: Uint8Array<ArrayBuffer>) => Promise<void>;
  remove: () => Promise<void>;
}

export function AvatarControl({ name, url, upload, remove }: AvatarControlProps) {
  const t = strings.avatar;
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(action: () => Promise<void>) {
    setError(null);
    setBusy(true);
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.type && !ACCEPT.includes(file.type)) return setError(t.notImage);
    if (file.size > LIMITS.avatarBytesMax) return setError(t.tooLarge);
    void run(async () => upload(new Uint8Array(await file.arrayBuffer())));
  }

  return (
    <div className="avatar-control">
      <Avatar name={name} url={url} size="large" labelled />
      <div className="avatar-actions">
        <input ref={input} type="file" accept={ACCEPT.join(',')} hidden aria-label={t.choose} onChange={onFile} />
        <button type="button" disabled={busy} onClick={() => input.current?.click()}>
          {url ? t.change : t.choose}
        </button>
        {url && (
          <button type="button" disabled={busy} onClick={() => void run(remove)}>
            {t.remove}
          </button>
        )}
        {busy && (
          <span role="status" className="hint">
            {t.uploading}
          </span>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
