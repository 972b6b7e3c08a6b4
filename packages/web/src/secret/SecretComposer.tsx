// Writing in a secret chat: the text and any attachments are encrypted by the SDK before they
// leave the device (Enter sends, Shift+Enter for a new line). Photos, videos, files (📎, several
// at once, sent with the text as the caption) and voice notes (🎤) are encrypted each with its own
// key and uploaded as ciphertext; this device makes the thumbnail, size, duration and waveform.
// A reply (chosen from a message's actions) shows a bar above the box (× or Escape cancels) and is
// sent with the message, quoted inside the ciphertext. Editing one of my messages (also from the
// actions) puts its text in the box under an "Editing" bar, as the cloud composer does; Save sends
// the new text encrypted (attachments and voice notes are not offered meanwhile). The outbox's
// offline queue is a cloud-chat feature and is not offered.
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { LIMITS, type Message } from '@anytime/protocol';
import { ComposerBar } from '../chat/ComposerBar.js';
import { errorText } from '../client/error-text.js';
import { useEncryption } from '../crypto/encryption-context.js';
import { VoiceRecorder } from '../media/voice/VoiceRecorder.js';
import { SealedButton } from '../sealed/SealedButton.js';
import { strings } from '../strings.js';
import { prepareSecretFile } from './prepare-file.js';

export interface SecretComposerProps {
  conversationId: string;
  /** The message being answered, if any. */
  replyTo?: Message | null;
  /** My message being edited, if any. */
  editing?: Message | null;
  /** The reply or the edit was sent or cancelled. */
  onReplyDone?: () => void;
  senderName?: (userId: string) => string;
}

export function SecretComposer({
  conversationId,
  replyTo = null,
  editing = null,
  onReplyDone,
  senderName,
}: SecretComposerProps) {
  const port = useEncryption();
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [recording, setRecording] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const t = strings.chat;
  const tc = strings.composer;
  // Entering edit mode puts the message in the box, keeping what was typed for afterwards.
  const [stash, setStash] = useState<string | null>(null);
  const editingId = editing?.id;
  useEffect(() => {
    if (!editing) return;
    setStash((s) => s ?? text);
    setText(editing.text);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editingId]);

  function leaveEdit() {
    setText(stash ?? '');
    setStash(null);
    onReplyDone?.();
  }

  async function saveEdit(body: string) {
    if (!port || !editing || sending) return;
    if (body === editing.text) return leaveEdit();
    setSending(true);
    setError(null);
    try {
      await port.editSecret(conversationId, editing, body);
      leaveEdit();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSending(false);
    }
  }

  async function send(body: string, picked: { file: Blob; voice?: boolean }[]) {
    if (!port || sending) return;
    setSending(true);
    setError(null);
    try {
      const prepared = await Promise.all(picked.map((p) => prepareSecretFile(p.file, { voice: p.voice ?? false })));
      await port.sendSecret(conversationId, body, prepared, replyTo ?? undefined);
      onReplyDone?.();
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    } finally {
      setSending(false);
    }
  }
  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const body = text.trim();
    if (editing) {
      if (body) await saveEdit(body);
      return;
    }
    if (!body && files.length === 0) return;
    if (
      await send(
        body,
        files.map((file) => ({ file })),
      )
    ) {
      setText('');
      setFiles([]);
    }
  }
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'Escape' && editing) {
      e.preventDefault();
      leaveEdit();
      return;
    }
    if (e.key === 'Escape' && replyTo) {
      e.preventDefault();
      onReplyDone?.();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void submit();
    }
  }
  function pick(list: FileList | null) {
    const more = [...(list ?? [])];
    setFiles((f) => [...f, ...more].slice(0, LIMITS.mediaPerMessageMax));
    if (fileInput.current) fileInput.current.value = '';
  }

  return (
    <form className="composer composer-v2 secret-composer" onSubmit={(e) => void submit(e)}>
      {error && (
        <p className="error" role="alert" id={`${id}-error`}>
          {error}
        </p>
      )}
      {editing && <ComposerBar title={tc.editing} text={editing.text} cancel={tc.cancelEdit} onCancel={leaveEdit} />}
      {!editing && replyTo && (
        <ComposerBar
          title={strings.composer.replyingTo(senderName?.(replyTo.senderId) ?? '')}
          text={replyTo.text}
          cancel={strings.composer.cancelReply}
          onCancel={() => onReplyDone?.()}
        />
      )}
      {files.length > 0 && (
        <ul className="secret-files" aria-label={strings.secret.attachedFiles}>
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              <span>{f.name}</span>
              <button
                type="button"
                aria-label={strings.secret.removeFile(f.name)}
                onClick={() => setFiles((all) => all.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="composer-row">
        {!editing && <SealedButton conversationId={conversationId} />}
        <input
          ref={fileInput}
          id={`${id}-files`}
          type="file"
          multiple
          hidden
          aria-label={strings.media.attach}
          onChange={(e) => pick(e.target.files)}
        />
        {!recording && !editing && (
          <button
            type="button"
            className="attach-button"
            aria-label={strings.media.attach}
            title={strings.media.attach}
            disabled={sending}
            onClick={() => fileInput.current?.click()}
          >
            📎
          </button>
        )}
        {!recording && (
          <>
            <label htmlFor={`${id}-text`} className="visually-hidden">
              {t.composerLabel}
            </label>
            <textarea
              id={`${id}-text`}
              rows={1}
              placeholder={files.length ? strings.secret.captionPlaceholder : t.composerPlaceholder}
              maxLength={LIMITS.textMax}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={onKeyDown}
              aria-describedby={error ? `${id}-error` : undefined}
            />
          </>
        )}
        {editing ? (
          <button className="primary" type="submit" disabled={sending || !text.trim()}>
            {sending ? strings.secret.encrypting : tc.save}
          </button>
        ) : !text.trim() && files.length === 0 ? (
          <VoiceRecorder
            onRecorded={(blob) => void send('', [{ file: blob, voice: true }])}
            onError={setError}
            onActive={setRecording}
            disabled={sending}
          />
        ) : (
          <button className="primary" type="submit" disabled={sending}>
            {sending ? strings.secret.encrypting : t.send}
          </button>
        )}
      </div>
    </form>
  );
}
