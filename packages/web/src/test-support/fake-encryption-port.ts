// An in-memory EncryptionPort for component tests of the encryption screens: a fixed backup
// passphrase, safety numbers per user, a reveal log per message, and a record of what was sent.
import type { Conversation, Message } from '@anytime/protocol';
import { testConversation } from '@anytime/protocol/testing';
import {
  WrongPassphraseError,
  type EncryptionPort,
  type KeySetupState,
  type RevealEntry,
  type SafetyNumberView,
  type SealedDraft,
  type SecretFile,
  type SecretMediaUrls,
} from '../crypto/encryption-port.js';

export class FakeEncryptionPort implements EncryptionPort {
  state: KeySetupState = { status: 'ready', hasBackup: false };
  passphrase = 'correct horse battery staple';
  backups: string[] = [];
  verified = new Set<string>();
  changed: string[] = [];
  sent: { conversationId: string; draft: SealedDraft }[] = [];
  secrets = new Map<string, string>();
  opened = new Set<string>();
  logs = new Map<string, RevealEntry[]>();
  created: { memberIds: string[]; title?: string | undefined }[] = [];
  /** Decrypted secret messages per conversation, as the timeline shows them. */
  secretTimeline = new Map<string, Message[]>();
  secretSent: { conversationId: string; text: string; files: SecretFile[]; replyTo?: Message | undefined }[] = [];
  reactions: { conversationId: string; messageId: string; emoji: string | null }[] = [];
  edits: { conversationId: string; messageId: string; text: string }[] = [];
  deleted: { conversationId: string; messageId: string; forEveryone: boolean }[] = [];
  /** What secretMediaUrls answers, per media id. */
  mediaUrls: SecretMediaUrls = {};
  private listeners = new Set<() => void>();

  constructor(private readonly numbers: Record<string, string> = {}) {}

  private emit() {
    this.listeners.forEach((l) => l());
  }
  async setUpDevice() {
    return this.state;
  }
  async createBackup(passphrase: string, onProgress: (f: number) => void) {
    onProgress(0.5);
    await Promise.resolve();
    onProgress(1);
    this.backups.push(passphrase);
    this.state = { status: 'ready', hasBackup: true };
  }
  async restore(passphrase: string, onProgress: (f: number) => void) {
    onProgress(0.3);
    await Promise.resolve();
    if (passphrase !== this.passphrase) throw new WrongPassphraseError();
    this.state = { status: 'ready', hasBackup: true };
  }
  async safetyNumber(userId: string): Promise<SafetyNumberView> {
    const digits = this.numbers[userId];
    if (!digits) throw new Error('no keys');
    return { userId, digits, qrPayload: `anytime-sn:${digits}`, verified: this.verified.has(userId) };
  }
  async compareScanned(userId: string, scanned: string) {
    if (!scanned.startsWith('anytime-sn:')) return 'invalid' as const;
    return scanned === `anytime-sn:${this.numbers[userId]}` ? ('match' as const) : ('mismatch' as const);
  }
  async markVerified(userId: string, verified: boolean) {
    if (verified) this.verified.add(userId);
    else this.verified.delete(userId);
    this.emit();
  }
  isVerified(userId: string) {
    return this.verified.has(userId);
  }
  keyChanges() {
    return this.changed;
  }
  async acknowledgeKeyChange(userId: string) {
    this.changed = this.changed.filter((id) => id !== userId);
    this.emit();
  }
  secretMessages(conversationId: string): readonly Message[] {
    return this.secretTimeline.get(conversationId) ?? [];
  }
  async sendSecret(conversationId: string, text: string, files: SecretFile[] = [], replyTo?: Message) {
    this.secretSent.push({ conversationId, text, files, replyTo });
  }
  async reactSecret(conversationId: string, messageId: string, emoji: string | null) {
    this.reactions.push({ conversationId, messageId, emoji });
  }
  async editSecret(conversationId: string, message: Message, text: string) {
    this.edits.push({ conversationId, messageId: message.id, text });
  }
  async deleteSecret(conversationId: string, messageId: string, forEveryone: boolean) {
    this.deleted.push({ conversationId, messageId, forEveryone });
    const list = this.secretTimeline.get(conversationId) ?? [];
    this.secretTimeline.set(
      conversationId,
      list.filter((m) => m.id !== messageId),
    );
    this.emit();
  }
  async secretMediaUrls(ids: readonly string[]): Promise<SecretMediaUrls> {
    return Object.fromEntries(ids.flatMap((id) => (this.mediaUrls[id] ? [[id, this.mediaUrls[id]]] : [])));
  }
  undecryptable() {
    return false;
  }
  async createSecretChat(memberIds: string[], title?: string): Promise<Conversation> {
    this.created.push({ memberIds, title });
    return testConversation({ id: 'secret1', kind: title ? 'group' : 'direct', encryption: 'mls' });
  }
  async sendSealed(conversationId: string, draft: SealedDraft) {
    this.sent.push({ conversationId, draft });
  }
  openedViewOnce(messageId: string) {
    return this.opened.has(messageId);
  }
  async reveal(messageId: string) {
    const s = this.secrets.get(messageId);
    if (s === undefined) throw new Error('gone');
    return s;
  }
  close(messageId: string) {
    this.opened.add(messageId);
    this.emit();
  }
  async revealLog(messageId: string) {
    return this.logs.get(messageId) ?? [];
  }
  /** Adds an opening to a reveal log, as a sealed.revealed event would. */
  addReveal(messageId: string, entry: RevealEntry) {
    this.logs.set(messageId, [...(this.logs.get(messageId) ?? []), entry]);
    this.emit();
  }
  subscribe(listener: () => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
