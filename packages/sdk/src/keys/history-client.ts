// client.history: the secret-chat history archive. Attached to client.secret, every decrypted
// secret-chat message is encrypted under the account's history key (@anytime/crypto
// HistoryArchive) and uploaded in batches; a device restored from the key backup downloads the
// archive and decrypts it, so it can show what was said before it existed. A message deleted (for
// everyone, or by the user for themselves) loses its record; archived reactions and edits go to
// client.secret, which folds them into the messages they react to or edit (an edit applies
// whichever order the records come in: messages() resolves it when asked).
import { HistoryArchive, type ArchivedMessage } from '@anytime/crypto';
import { SecretEdit, SecretReaction, type HistoryRecordInput } from '@anytime/protocol';
import type { SecretChats } from '../secret/secret-chats.js';
import type { CallRoute } from '../state/load-state.js';
import type { HistoryKeyHolder } from './history-key.js';

const BATCH = 100;

/** An archived message as it reads now: its text after its sender's edits, and when it was last edited. */
export type RestoredMessage = ArchivedMessage & { editedAt: string | null };

export class HistoryClient {
  private archive: HistoryArchive | undefined;
  private pending: HistoryRecordInput[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private restored = new Map<string, ArchivedMessage[]>();
  private secret: SecretChats | undefined;

  constructor(
    private readonly call: CallRoute,
    private readonly key: HistoryKeyHolder,
  ) {}

  private async open(): Promise<HistoryArchive> {
    this.archive ??= await HistoryArchive.open(await this.key.get());
    return this.archive;
  }

  /** Forgets the opened archive (after a restore brought another history key). */
  reset(): void {
    this.archive = undefined;
  }

  /** Archives every message client.secret decrypts from now on. */
  attach(secret: SecretChats): void {
    this.secret = secret;
    secret.onDeleted = (conversationId, messageId) => this.forget(conversationId, messageId);
    secret.onDecrypted = async (_conversationId, m) => {
      const extra = {
        ...(m.attachments.length ? { attachments: m.attachments } : {}),
        ...(m.replyTo ? { replyTo: m.replyTo } : {}),
        ...(m.reaction ? { reaction: m.reaction } : {}),
        ...(m.edit ? { edit: m.edit } : {}),
      };
      await this.add({
        conversationId: m.conversationId,
        messageId: m.id,
        senderId: m.senderId,
        senderDeviceId: m.senderDeviceId,
        sentAt: m.createdAt,
        seq: m.seq,
        text: m.text,
        // Keys and digests of the attachments (a restored device opens them like this one), the
        // reply's quote, the reaction, or the edit. A message keeps its original text: its edits
        // are records of their own.
        ...(Object.keys(extra).length ? { extra } : {}),
      });
    };
  }

  /** Removes a deleted message: from what was restored, and its record from the server. */
  async forget(conversationId: string, messageId: string): Promise<void> {
    const list = this.restored.get(conversationId);
    if (list)
      this.restored.set(
        conversationId,
        list.filter((m) => m.messageId !== messageId),
      );
    const key = (await this.open()).recordKey(messageId);
    // Its record may still be on its way up: delete it after, not before.
    await this.flushing.catch(() => undefined);
    await this.call('deleteHistory', { params: { key } });
  }

  /** Encrypts and queues one message; uploaded by flush() (called at once, batched). */
  async add(message: ArchivedMessage): Promise<void> {
    this.pending.push(await (await this.open()).seal(message));
    await this.flush();
  }

  /** Uploads what is queued. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      while (this.pending.length > 0) {
        const batch = this.pending.slice(0, BATCH);
        await this.call('putHistory', { body: { records: batch } });
        this.pending = this.pending.slice(batch.length);
      }
    });
    return this.flushing;
  }

  /** Downloads and decrypts the whole archive; returns messages per conversation, by seq. */
  async download(): Promise<Map<string, ArchivedMessage[]>> {
    const archive = await this.open();
    const byConversation = new Map<string, ArchivedMessage[]>();
    let after = 0;
    for (;;) {
      const page = await this.call('listHistory', { query: { after, limit: 500 } });
      for (const r of page.records) {
        const m = await archive.unseal(r);
        const reaction = SecretReaction.safeParse(m.extra?.reaction);
        if (reaction.success) {
          this.secret?.learnReaction(m.conversationId, m.senderId, reaction.data, m.seq ?? 0);
          after = r.pos;
          continue;
        }
        const edit = SecretEdit.safeParse(m.extra?.edit);
        if (edit.success) {
          this.secret?.learnEdit(m.conversationId, m.senderId, edit.data, m.seq ?? 0, m.sentAt);
          after = r.pos;
          continue;
        }
        const list = byConversation.get(m.conversationId) ?? [];
        list.push(m);
        byConversation.set(m.conversationId, list);
        after = r.pos;
      }
      if (!page.hasMore) break;
    }
    for (const list of byConversation.values()) {
      list.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0) || a.sentAt.localeCompare(b.sentAt));
    }
    this.restored = byConversation;
    return byConversation;
  }

  /** The restored history of one conversation (after download()), with its senders' edits applied. */
  messages(conversationId: string): readonly RestoredMessage[] {
    return (this.restored.get(conversationId) ?? []).map((a) => {
      const e = this.secret?.editOf(conversationId, { id: a.messageId, senderId: a.senderId, createdAt: a.sentAt });
      return e ? { ...a, text: e.text, editedAt: e.editedAt } : { ...a, editedAt: null };
    });
  }
}
