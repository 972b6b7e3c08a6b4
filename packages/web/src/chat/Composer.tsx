// Writing a message: Enter sends (Shift+Enter for a new line) through the SDK outbox, so the box
// clears at once. Also: a reply bar ("Replying to Ann", × or Escape cancels), editing a sent
// message (prefilled; Enter saves, Escape cancels), @mention autocomplete producing entities,
// an emoji button, typing frames while typing, and the draft kept in the conversation state.
// Attachments (picked, dropped, pasted, taken with the camera; edited and tagged), voice notes
// and their upload come from media/compose; a send with attachments goes through the uploads.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { LIMITS, type Conversation } from '@anytime/protocol';
import { useClient } from '../client/client-context.js';
import type { Attachment } from '../media/compose/attachment.js';
import { uploadStore } from '../media/compose/uploads.js';
import { useComposerMedia } from '../media/compose/use-composer-media.js';
import { errorText } from '../client/error-text.js';
import { SealedButton } from '../sealed/SealedButton.js';
import { strings } from '../strings.js';
import { ComposerBar } from './ComposerBar.js';
import { EmojiPickerDialog } from './actions/LazyEmojiPicker.js';
import type { ComposerMode } from './actions/use-chat-actions.js';
import { MentionList, mentionOptionId } from './composer/MentionList.js';
import {
  activeMention,
  insertMention,
  matchCandidates,
  mentionEntities,
  mentionsOf,
  type MentionCandidate,
  type PickedMention,
} from './composer/mentions.js';
import { useDraft } from './composer/use-draft.js';
import { useMentionCandidates } from './composer/use-mention-candidates.js';
import './composer/composer.css';

/** Typing frames repeat at most this often while the user keeps typing (the server drops closer ones). */
const TYPING_EVERY_MS = 3_000;

export interface ComposerProps {
  conversation: Conversation;
  meId: string;
  mode?: ComposerMode;
  onModeDone?: () => void;
  senderName: (userId: string) => string;
}

export function Composer({ conversation: c, meId, mode = null, onModeDone, senderName }: ComposerProps) {
  const client = useClient();
  const t = strings.chat;
  const tc = strings.composer;
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const initial = client.state.conversationStates[c.id]?.draft?.text ?? '';
  const [text, setTextState] = useState(initial);
  const [picked, setPicked] = useState<PickedMention[]>([]);
  const [caret, setCaret] = useState(initial.length);
  const [activeOption, setActiveOption] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [emojiOpen, setEmojiOpen] = useState(false);
  const [stash, setStash] = useState<{ text: string; picked: PickedMention[] } | null>(null);
  const lastTyping = useRef(0);
  const editing = mode?.kind === 'edit' ? mode.message : null;
  const replying = mode?.kind === 'reply' ? mode.message : null;

  const uploads = uploadStore(client);
  const sendWithMedia = (attachments: Attachment[], body: string, entities: ReturnType<typeof mentionEntities>) =>
    uploads.start({
      conversationId: c.id,
      text: body,
      entities,
      replyToId: replying?.id ?? null,
      attachments,
    });
  const media = useComposerMedia(c, meId, (voice) => sendWithMedia([voice], '', []), editing !== null);
  const hasMedia = media.attachments.length > 0;

  const setText = useCallback((value: string) => setTextState(value), []);
  useDraft(c.id, text, setText, editing !== null);

  // Entering edit mode puts the message in the box (keeping what was typed for afterwards);
  // any mode moves focus to the box.
  const editingId = editing?.id;
  useEffect(() => {
    if (editing) {
      setStash({ text, picked });
      setTextState(editing.text);
      setPicked(mentionsOf(editing.text, editing.entities));
      setCaret(editing.text.length);
    }
    if (mode) box.current?.focus();
    // Only when the mode changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editingId, mode]);

  const mention = activeMention(text, caret);
  // Members are looked up the first time "@" is typed in this chat, not on every chat opened.
  const [mentionsWanted, setMentionsWanted] = useState(false);
  if (mention && !mentionsWanted) setMentionsWanted(true);
  const candidates = useMentionCandidates(c, meId, mentionsWanted);
  const suggestions =
    mention && mention.start !== dismissedAt ? matchCandidates(candidates, mention.query) : ([] as MentionCandidate[]);
  const listOpen = suggestions.length > 0;
  const active = Math.min(activeOption, Math.max(suggestions.length - 1, 0));

  function change(value: string, at: number) {
    setTextState(value);
    setCaret(at);
    setActiveOption(0);
    setError(null);
    media.clearError();
    if (!editing && value.trim()) {
      const now = Date.now();
      if (now - lastTyping.current >= TYPING_EVERY_MS) {
        lastTyping.current = now;
        client.typing(c.id);
      }
    }
  }

  function stopTyping() {
    if (lastTyping.current) client.typing(c.id, true);
    lastTyping.current = 0;
  }

  function leaveMode() {
    if (editing) {
      setTextState(stash?.text ?? '');
      setPicked(stash?.picked ?? []);
      setStash(null);
    }
    onModeDone?.();
  }

  function pick(candidate: MentionCandidate) {
    if (!mention) return;
    const r = insertMention(text, mention.start, caret, candidate);
    setTextState(r.text);
    setPicked((p) => [...p, r.mention]);
    setCaret(r.caret);
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(r.caret, r.caret);
    });
  }

  function insertEmoji(emoji: string) {
    const el = box.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const next = text.slice(0, start) + emoji + text.slice(end);
    change(next, start + emoji.length);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  }

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    // Leading and trailing spaces (e.g. the one after a picked mention) are not sent.
    const body = text.trim();
    if (!body && (!hasMedia || editing)) return;
    const entities = mentionEntities(body, picked);
    setError(null);
    if (hasMedia && !editing) {
      sendWithMedia(media.take(), body, entities);
      setTextState('');
      setPicked([]);
      setCaret(0);
      stopTyping();
      onModeDone?.();
      return;
    }
    if (editing) {
      try {
        await client.api('editMessage', { params: { id: editing.id }, body: { text: body, entities } });
        leaveMode();
      } catch (err) {
        setError(errorText(err));
      }
      return;
    }
    setTextState('');
    setPicked([]);
    setCaret(0);
    stopTyping();
    const replyToId = replying?.id;
    onModeDone?.();
    try {
      await client.send(c.id, body, {
        ...(replyToId ? { replyToId } : {}),
        ...(entities.length > 0 ? { entities } : {}),
      });
    } catch (err) {
      setTextState(text);
      setError(errorText(err));
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.nativeEvent.isComposing) return;
    if (listOpen) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActiveOption((active + step + suggestions.length) % suggestions.length);
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        const candidate = suggestions[active];
        if (candidate) {
          e.preventDefault();
          pick(candidate);
          return;
        }
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissedAt(mention?.start ?? null);
        return;
      }
    }
    if (e.key === 'Escape' && mode) {
      e.preventDefault();
      leaveMode();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void submit();
    }
  }

  const listId = `${id}-mentions`;
  const bar = editing
    ? { title: tc.editing, text: editing.text, cancel: tc.cancelEdit }
    : replying
      ? { title: tc.replyingTo(senderName(replying.senderId)), text: replying.text, cancel: tc.cancelReply }
      : null;

  return (
    <form className="composer composer-v2" onSubmit={submit} {...media.dropProps}>
      {(error ?? media.error) && (
        <p className="error" role="alert" id={`${id}-error`}>
          {error ?? media.error}
        </p>
      )}
      {bar && <ComposerBar {...bar} onCancel={leaveMode} />}
      {listOpen && <MentionList id={listId} candidates={suggestions} active={active} onPick={pick} />}
      {media.tray}
      <div className="composer-row">
        {!media.recording && (
          <button
            type="button"
            className="icon emoji-button"
            aria-label={tc.insertEmoji}
            onClick={() => setEmojiOpen(true)}
          >
            <span aria-hidden="true">🙂</span>
          </button>
        )}
        {!editing && media.buttons}
        {!editing && !media.recording && <SealedButton conversationId={c.id} />}
        {!media.recording && (
          <>
            <label htmlFor={`${id}-text`} className="visually-hidden">
              {t.composerLabel}
            </label>
            <textarea
              ref={box}
              id={`${id}-text`}
              rows={1}
              placeholder={t.composerPlaceholder}
              maxLength={LIMITS.textMax}
              value={text}
              onChange={(e) => change(e.target.value, e.target.selectionStart)}
              onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
              onKeyDown={onKeyDown}
              onPaste={media.onPaste}
              onBlur={stopTyping}
              aria-autocomplete="list"
              aria-controls={listOpen ? listId : undefined}
              aria-activedescendant={listOpen ? mentionOptionId(listId, active) : undefined}
              aria-describedby={(error ?? media.error) ? `${id}-error` : undefined}
            />
            <button className="primary" type="submit" disabled={!text.trim() && (!hasMedia || editing !== null)}>
              {editing ? tc.save : t.send}
            </button>
          </>
        )}
      </div>
      {media.overlays}
      {emojiOpen && <EmojiPickerDialog onPick={insertEmoji} onClose={() => setEmojiOpen(false)} />}
    </form>
  );
}
