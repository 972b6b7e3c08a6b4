// Everything the message actions need in one chat: the open menu, the dialogs, and the reply or
// edit the composer is in. ChatView passes `openActions` and `toggleReaction` to the message
// list, `composerMode` to the composer, and renders `overlays`. In a secret chat the message lives
// only on the devices: reactions, edits and deletions go through the encryption port (one reaction
// per user, as Signal has it), and only reply, copy, read aloud, react, edit (my own, in the
// window; the composer's edit mode) and delete are offered (no edit history: the server has none).
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Conversation, Message } from '@anytime/protocol';
import { useClient } from '../../client/client-context.js';
import { errorText } from '../../client/error-text.js';
import { useClientState } from '../../client/use-client-store.js';
import { useEncryption } from '../../crypto/encryption-context.js';
import { isDecryptedSecret } from '../../secret/secret-timeline.js';
import { canSpeak, speak, speakingId, stopSpeaking } from '../../media/speech.js';
import { strings } from '../../strings.js';
import { ActionMenu, type ActionItem } from './ActionMenu.js';
import { DeleteDialog } from './DeleteDialog.js';
import { EditHistory } from './EditHistory.js';
import { ForwardDialog } from './ForwardDialog.js';
import { EmojiPickerDialog } from './LazyEmojiPicker.js';
import { messagePermissions } from './permissions.js';
import { rememberEmoji } from './recent-emoji.js';

/** What the composer is doing besides writing a new message. */
export type ComposerMode = { kind: 'reply'; message: Message } | { kind: 'edit'; message: Message } | null;

type Dialog =
  | { kind: 'menu'; message: Message; anchor: HTMLElement }
  | { kind: 'react'; message: Message }
  | { kind: 'delete'; message: Message }
  | { kind: 'forward'; message: Message }
  | { kind: 'history'; message: Message }
  | null;

export interface ChatActions {
  openActions: (message: Message, anchor: HTMLElement) => void;
  toggleReaction: (message: Message, emoji: string) => void;
  composerMode: ComposerMode;
  clearComposerMode: () => void;
  /** A message for everyone to read (an action the server refused). */
  error: string | null;
  overlays: ReactNode;
}

export function useChatActions(c: Conversation, meId: string): ChatActions {
  const t = strings.actions;
  const client = useClient();
  const port = useEncryption();
  /** A decrypted secret message: the server has only its ciphertext. */
  const secret = useCallback((m: Message) => c.encryption === 'mls' && isDecryptedSecret(m), [c.encryption]);
  const starred = useClientState().starred;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [composerMode, setComposerMode] = useState<ComposerMode>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** The message control the menu opened from: focus goes back there when a dialog closes. */
  const anchor = useRef<HTMLElement | null>(null);
  const close = useCallback(() => {
    setDialog(null);
    requestAnimationFrame(() => anchor.current?.isConnected && anchor.current.focus());
  }, []);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 2_000);
    return () => clearTimeout(timer);
  }, [notice]);

  const attempt = useCallback(
    (p: Promise<unknown>) => {
      setError(null);
      p.catch((e: unknown) => setError(errorText(e)));
    },
    [setError],
  );

  const react = useCallback(
    (m: Message, emoji: string, add: boolean) => {
      if (add) rememberEmoji(emoji);
      if (secret(m)) {
        // One per user: a new emoji replaces the old one.
        if (port) attempt(port.reactSecret(c.id, m.id, add ? emoji : null));
        return;
      }
      attempt(
        add
          ? client.api('addReaction', { params: { id: m.id }, body: { emoji } })
          : client.api('removeReaction', { params: { id: m.id }, query: { emoji } }),
      );
    },
    [client, attempt, secret, port, c.id],
  );

  const mine = (m: Message, emoji: string) => m.reactions.some((r) => r.emoji === emoji && r.userIds.includes(meId));

  const toggleReaction = useCallback(
    (m: Message, emoji: string) =>
      react(m, emoji, !m.reactions.some((r) => r.emoji === emoji && r.userIds.includes(meId))),
    [react, meId],
  );

  let overlays: ReactNode = null;
  if (dialog?.kind === 'menu') {
    const m = dialog.message;
    const may = messagePermissions(c, m, meId);
    const items: ActionItem[] = [];
    if (m.deletedAt === null && m.system === null) {
      items.push({ key: 'reply', label: t.reply, onSelect: () => setComposerMode({ kind: 'reply', message: m }) });
      if (m.text)
        items.push({
          key: 'copy',
          label: t.copy,
          onSelect: () =>
            void navigator.clipboard?.writeText(m.text).then(
              () => setNotice(t.copied),
              () => undefined,
            ),
        });
      if (m.text && canSpeak())
        items.push(
          speakingId() === m.id
            ? { key: 'stop-reading', label: strings.media.stopReading, onSelect: stopSpeaking }
            : { key: 'read-aloud', label: strings.media.readAloud, onSelect: () => speak(m.id, m.text) },
        );
      if (may.edit)
        items.push({ key: 'edit', label: t.edit, onSelect: () => setComposerMode({ kind: 'edit', message: m }) });
      if (may.forward)
        items.push({ key: 'forward', label: t.forward, onSelect: () => setDialog({ kind: 'forward', message: m }) });
      if (!secret(m) && (may.pin || m.pin))
        items.push(
          m.pin
            ? {
                key: 'unpin',
                label: t.unpin,
                onSelect: () => attempt(client.api('unpinMessage', { params: { id: m.id } })),
              }
            : { key: 'pin', label: t.pin, onSelect: () => attempt(client.api('pinMessage', { params: { id: m.id } })) },
        );
      if (!secret(m))
        items.push(
          m.id in starred
            ? {
                key: 'unstar',
                label: t.unstar,
                onSelect: () => attempt(client.api('unstarMessage', { params: { id: m.id } })),
              }
            : {
                key: 'star',
                label: t.star,
                onSelect: () => attempt(client.api('starMessage', { params: { id: m.id } })),
              },
        );
      if (m.editedAt && !secret(m))
        items.push({
          key: 'history',
          label: t.editHistory,
          onSelect: () => setDialog({ kind: 'history', message: m }),
        });
    }
    items.push({
      key: 'delete',
      label: t.delete,
      danger: true,
      onSelect: () => setDialog({ kind: 'delete', message: m }),
    });
    overlays = (
      <ActionMenu
        anchor={dialog.anchor}
        items={items}
        myReactions={m.reactions.filter((r) => r.userIds.includes(meId)).map((r) => r.emoji)}
        {...(may.react
          ? {
              onReact: (emoji: string) => react(m, emoji, !mine(m, emoji)),
              onMoreReactions: () => setDialog({ kind: 'react', message: m }),
            }
          : {})}
        onClose={() => setDialog((d) => (d?.kind === 'menu' ? null : d))}
      />
    );
  } else if (dialog?.kind === 'react') {
    const m = dialog.message;
    overlays = <EmojiPickerDialog onPick={(emoji) => react(m, emoji, !mine(m, emoji))} onClose={close} />;
  } else if (dialog?.kind === 'delete') {
    const m = dialog.message;
    overlays = (
      <DeleteDialog
        canDeleteForEveryone={messagePermissions(c, m, meId).deleteForEveryone}
        onDeleteForMe={async () =>
          secret(m)
            ? port?.deleteSecret(c.id, m.id, false)
            : void (await client.api('hideMessage', { params: { id: m.id } }))
        }
        onDeleteForEveryone={async () =>
          secret(m)
            ? port?.deleteSecret(c.id, m.id, true)
            : void (await client.api('deleteMessage', { params: { id: m.id } }))
        }
        onClose={close}
      />
    );
  } else if (dialog?.kind === 'forward') {
    overlays = <ForwardDialog message={dialog.message} meId={meId} onClose={close} />;
  } else if (dialog?.kind === 'history') {
    overlays = <EditHistory message={dialog.message} onClose={close} />;
  }

  if (notice)
    overlays = (
      <>
        {overlays}
        <p className="toast" role="status">
          {notice}
        </p>
      </>
    );

  return {
    openActions: useCallback((message: Message, el: HTMLElement) => {
      anchor.current = el;
      setDialog({ kind: 'menu', message, anchor: el });
    }, []),
    toggleReaction,
    composerMode,
    clearComposerMode: useCallback(() => setComposerMode(null), []),
    error,
    overlays,
  };
}
