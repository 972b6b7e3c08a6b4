// The secret-chat history archive on the client. Every decrypted secret-chat message (mls's
// onDecrypted hook) is encrypted again under the account's history key and uploaded as an
// opaque record (POST /v1/keys/history); a device restored from the key backup downloads the
// records (GET /v1/keys/history) and decrypts them, so it reads the history that was sent before
// it existed instead of "unable to decrypt". The record key is bound as AAD: the server cannot
// swap two records' contents.
import type { HistoryRecord, HistoryRecordInput } from '@anytime/protocol';
import { fromB64, toB64 } from '../encoding.js';
import { ab } from '../array-buffer.js';
import { historyKeys, type HistoryKeys } from './archive-key.js';

/** One archived secret-chat message, as the client saw it once decrypted. */
export interface ArchivedMessage {
  conversationId: string;
  messageId: string;
  senderId: string;
  senderDeviceId: string;
  /** When it was sent (ISO-8601). */
  sentAt: string;
  /** Its seq in the conversation, when known (orders the restored history). */
  seq?: number;
  text: string;
  /** Anything else the message carried (media keys, replies...), as JSON. */
  extra?: Record<string, unknown>;
}

export class HistoryRecordError extends Error {
  constructor() {
    super('a history record could not be opened (another account key, or changed on the server)');
  }
}

export class HistoryArchive {
  private constructor(private readonly keys: HistoryKeys) {}

  static async open(historyKey: Uint8Array): Promise<HistoryArchive> {
    return new HistoryArchive(await historyKeys(historyKey));
  }

  /** The record's key for a message (the same on every device of the account). */
  recordKey(messageId: string): string {
    return this.keys.recordKey(messageId);
  }

  async seal(message: ArchivedMessage): Promise<HistoryRecordInput> {
    const key = this.keys.recordKey(message.messageId);
    const nonce = crypto.getRandomValues(new Uint8Array(12));
    const plaintext = new TextEncoder().encode(JSON.stringify({ v: 1, message }));
    const ct = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: ab(nonce), additionalData: ab(new TextEncoder().encode(key)) },
      this.keys.encrypt,
      ab(plaintext),
    );
    return { key, nonce: toB64(nonce), ciphertext: toB64(new Uint8Array(ct)) };
  }

  async unseal(record: Pick<HistoryRecord, 'key' | 'nonce' | 'ciphertext'>): Promise<ArchivedMessage> {
    let plaintext: ArrayBuffer;
    try {
      plaintext = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: ab(fromB64(record.nonce)), additionalData: ab(new TextEncoder().encode(record.key)) },
        this.keys.encrypt,
        ab(fromB64(record.ciphertext)),
      );
    } catch {
      throw new HistoryRecordError();
    }
    const doc = JSON.parse(new TextDecoder().decode(plaintext)) as { v?: number; message?: ArchivedMessage };
    if (doc.v !== 1 || !doc.message) throw new HistoryRecordError();
    // A record whose key does not name its own message was moved: refuse it.
    if (this.keys.recordKey(doc.message.messageId) !== record.key) throw new HistoryRecordError();
    return doc.message;
  }
}
