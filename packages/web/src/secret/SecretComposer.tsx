// Writing in a secret chat: the text is encrypted for the group by the SDK before it leaves the
// device (Enter sends, Shift+Enter for a new line), with the sealed-message button beside it.
// Attachments, edits and the outbox's offline queue are cloud-chat features and are not offered.
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { LIMITS } from '@anytime/protocol';
import { errorText } from '../client/error-text.js';
import { useEncryption } from '../crypto/encryption-context.js';
import { SealedButton } from '../sealed/SealedButton.js';
import { strings } from '../strings.js';

export function SecretComposer({ conversationId }: { conversationId: string }) {
  const port = useEncryption();
  const id = useId();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const t = strings.chat;

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const body = text.trim();
    if (!body || !port || sending) return;
    setSending(true);
    setError(null);
    try {
      await port.sendSecret(conversationId, body);
      setText('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSending(false);
    }
  }
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void submit();
    }
  }

  return (
    <form className="composer composer-v2 secret-composer" onSubmit={(e) => void submit(e)}>
      {error && (
        <p className="error" role="alert" id={`${id}-error`}>
          {error}
        </p>
      )}
      <div className="composer-row">
        <SealedButton conversationId={conversationId} />
        <label htmlFor={`${id}-text`} className="visually-hidden">
          {t.composerLabel}
        </label>
        <textarea
          id={`${id}-text`}
          rows={1}
          placeholder={t.composerPlaceholder}
          maxLength={LIMITS.textMax}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <button className="primary" type="submit" disabled={!text.trim() || sending}>
          {t.send}
        </button>
      </div>
    </form>
  );
}
