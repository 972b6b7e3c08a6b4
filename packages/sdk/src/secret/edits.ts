// Edits in secret chats live inside encrypted messages (protocol SecretEdit), so the server cannot
// check them: receivers do, as Signal's clients do. An edit counts only when its sender is the
// message's sender and it was sent (server time) within SECRET_EDIT_WINDOW_MS of the message; of
// those the latest by seq wins. Edits are kept per message id whatever order they arrive in (a
// device restored from the history archive meets them in archive order), and resolved against the
// message when it is shown, so an edit known before its message still applies.
import { LIMITS } from '@anytime/protocol';

/**
 * How long after sending a secret message its sender may edit it: the server's default
 * EDIT_WINDOW_SECONDS (48 h), as for cloud edits. The server cannot enforce it (it never sees an
 * edit), so every device uses the default, also where the server is configured otherwise.
 */
export const SECRET_EDIT_WINDOW_MS = LIMITS.editWindowDefaultSeconds * 1000;

/** What an edit made of a message: its current text and when that edit was sent. */
export interface SecretEditEntry {
  text: string;
  editedAt: string;
}

interface KnownEdit {
  senderId: string;
  text: string;
  at: string;
  seq: number;
}

/** Whether an edit sent at `at` by `senderId` may change a message (sender, window). */
export function editAllowed(message: { senderId: string; createdAt: string }, senderId: string, at: string): boolean {
  const after = Date.parse(at) - Date.parse(message.createdAt);
  return senderId === message.senderId && after >= 0 && after <= SECRET_EDIT_WINDOW_MS;
}

export class EditBook {
  private readonly byMessage = new Map<string, KnownEdit[]>();

  /** Records an edit of `messageId` (the same seq twice is kept once). */
  add(messageId: string, senderId: string, text: string, seq: number, at: string): void {
    const list = this.byMessage.get(messageId) ?? [];
    if (list.some((e) => e.seq === seq)) return;
    list.push({ senderId, text, at, seq });
    this.byMessage.set(messageId, list);
  }

  /** The edit that applies to the message now: the latest allowed one by seq, or null. */
  of(message: { id: string; senderId: string; createdAt: string }): SecretEditEntry | null {
    let best: KnownEdit | undefined;
    for (const e of this.byMessage.get(message.id) ?? []) {
      if (editAllowed(message, e.senderId, e.at) && (!best || e.seq > best.seq)) best = e;
    }
    return best ? { text: best.text, editedAt: best.at } : null;
  }

  /** Drops what is known about a deleted message. */
  forget(messageId: string): void {
    this.byMessage.delete(messageId);
  }
}
