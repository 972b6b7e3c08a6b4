// Writing a message: Enter sends (Shift+Enter for a new line); the text goes to the SDK outbox,
// which stores it and sends it when it can, so the box clears at once.
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { LIMITS } from '@anytime/protocol';
import { errorText } from '../client/error-text.js';
import { strings } from '../strings.js';

export function Composer({ onSend }: { onSend: (text: string) => Promise<void> }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const t = strings.chat;

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const body = text;
    if (!body.trim()) return;
    setText('');
    setError(null);
    try {
      await onSend(body);
    } catch (err) {
      setText(body);
      setError(errorText(err));
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  }

  return (
    <form className="composer" onSubmit={submit}>
      {error && (
        <p className="error" role="alert" id={`${id}-error`}>
          {error}
        </p>
      )}
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
      <button className="primary" type="submit" disabled={!text.trim()}>
        {t.send}
      </button>
    </form>
  );
}
