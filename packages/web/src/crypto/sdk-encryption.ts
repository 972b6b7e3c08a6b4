// The one adapter from the SDK client (client.keys, client.secret, client.history,
// client.backup, client.verification, client.sealed) to the port the encryption screens use.
// It keeps what the screens read synchronously (decrypted secret messages as timeline messages,
// key-change warnings, verified contacts, view-once secrets already opened) and tells them when
// any of it changes.
import { BackupDecryptError } from '@anytime/crypto';
import type { Message, User } from '@anytime/protocol';
import {
  IdentityMissingError,
  NoBackupError,
  type AnytimeClient,
  type RestoredMessage,
  type VerificationState,
} from '@anytime/sdk';
import { archivedAttachments, SecretMediaCache } from '../secret/secret-media.js';
import { archivedReplyTo, secretTimelineMessage } from '../secret/secret-timeline.js';
import { strings } from '../strings.js';
import {
  WrongPassphraseError,
  type EncryptionPort,
  type KeySetupState,
  type RevealEntry,
  type SealedDraft,
  type SecretFile,
} from './encryption-port.js';

class SdkEncryption implements EncryptionPort {
  private listeners = new Set<() => void>();
  private cache = new Map<string, readonly Message[]>();
  private rejected = new Map<string, Message[]>();
  private rejectedIds = new Set<string>();
  private states = new Map<string, VerificationState>();
  private opened: Set<string>;
  private deviceNames = new Map<string, string>();
  private started = false;
  private media: SecretMediaCache;

  constructor(
    private readonly client: AnytimeClient,
    private readonly me: User,
  ) {
    this.media = new SecretMediaCache((conversationId, a) => client.secret.openAttachment(conversationId, a));
    this.opened = new Set(JSON.parse(localStorage.getItem(this.openedKey) ?? '[]') as string[]);
    client.secret.on('message', (m) => this.changed(m.conversationId));
    client.secret.on('joined', (e) => this.changed(e.conversationId));
    client.secret.on('reaction', (e) => this.changed(e.conversationId));
    client.secret.on('edited', (e) => this.changed(e.conversationId));
    client.secret.on('deleted', (e) => this.changed(e.conversationId));
    client.secret.on('rejected', (r) => {
      const placeholder = secretTimelineMessage({
        id: `undecryptable-${r.conversationId}-${r.seq}`,
        conversationId: r.conversationId,
        seq: r.seq,
        senderId: '',
        senderDeviceId: '',
        text: '',
        createdAt: new Date().toISOString(),
      });
      this.rejectedIds.add(placeholder.id);
      this.rejected.set(r.conversationId, [...(this.rejected.get(r.conversationId) ?? []), placeholder]);
      this.changed(r.conversationId);
    });
    client.verification.onChange(({ userId, state }) => {
      this.states.set(userId, state);
      this.emit();
    });
    client.on('sealed.revealed', () => this.emit());
  }

  private get openedKey() {
    return `anytime:sealed-opened:${this.me.id}`;
  }
  private emit() {
    for (const l of this.listeners) l();
  }
  private changed(conversationId: string) {
    this.cache.delete(conversationId);
    this.emit();
  }

  // ---- keys and backup ----

  async setUpDevice(): Promise<KeySetupState> {
    try {
      await this.client.secret.start();
    } catch (e) {
      if (e instanceof IdentityMissingError) return { status: 'needsRestore' };
      throw e;
    }
    this.started = true;
    // What this account's devices archived (this device's own history after a reload included).
    await this.client.history.download().catch(() => undefined);
    this.cache.clear();
    void this.loadDeviceNames();
    await this.checkSecretContacts();
    this.emit();
    return { status: 'ready', hasBackup: (await this.client.backup.current()) !== null };
  }

  async createBackup(passphrase: string, onProgress: (f: number) => void) {
    onProgress(0);
    await this.client.backup.upload(passphrase);
    onProgress(1);
  }

  async restore(passphrase: string, onProgress: (f: number) => void) {
    onProgress(0);
    try {
      await this.client.backup.restore(passphrase);
    } catch (e) {
      if (e instanceof BackupDecryptError) throw new WrongPassphraseError();
      if (e instanceof NoBackupError) throw new Error(strings.keys.noBackup);
      throw e;
    }
    onProgress(1);
  }

  // ---- verification ----

  private async checkSecretContacts() {
    const ids = new Set<string>();
    for (const c of Object.values(this.client.state.conversations)) {
      if (c.encryption !== 'mls') continue;
      for (const id of c.memberIds) if (id !== this.me.id) ids.add(id);
    }
    await Promise.all(
      [...ids].map(async (id) =>
        this.states.set(id, await this.client.verification.check(id).catch(() => 'no-key' as const)),
      ),
    );
  }

  async safetyNumber(userId: string) {
    const n = await this.client.verification.safetyNumber(userId);
    const state = await this.client.verification.state(userId);
    this.states.set(userId, state);
    return { userId, digits: n.digits, qrPayload: n.qrPayload, verified: state === 'verified' };
  }
  compareScanned(userId: string, scanned: string) {
    return this.client.verification.scan(userId, scanned);
  }
  async markVerified(userId: string, verified: boolean) {
    if (verified) await this.client.verification.markVerified(userId);
    else await this.client.verification.acknowledge(userId);
  }
  isVerified(userId: string) {
    return this.states.get(userId) === 'verified';
  }
  keyChanges() {
    return [...this.states].filter(([, s]) => s === 'changed').map(([id]) => id);
  }
  async acknowledgeKeyChange(userId: string) {
    if (this.states.get(userId) === 'changed') await this.client.verification.acknowledge(userId);
  }

  // ---- secret chats ----

  async createSecretChat(memberIds: string[], title?: string) {
    const c =
      title === undefined && memberIds.length === 1
        ? await this.client.secret.create({ kind: 'direct', memberId: memberIds[0]! })
        : await this.client.secret.create({ kind: 'group', title: title ?? '', memberIds });
    for (const id of memberIds) {
      this.states.set(id, await this.client.verification.check(id).catch(() => 'no-key' as const));
    }
    return c;
  }

  secretMessages(conversationId: string): readonly Message[] {
    let list = this.cache.get(conversationId);
    if (!list) {
      const bySeq = new Map<number, Message>();
      for (const m of this.rejected.get(conversationId) ?? []) bySeq.set(m.seq, m);
      for (const a of this.client.history.messages(conversationId)) {
        const m = this.fromArchive(a);
        if (m) bySeq.set(m.seq, m);
      }
      for (const s of this.client.secret.messages(conversationId)) {
        this.media.learn(conversationId, s.attachments);
        bySeq.set(s.seq, secretTimelineMessage(s, s));
      }
      list = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
      this.cache.set(conversationId, list);
    }
    return list;
  }

  private fromArchive(a: RestoredMessage): Message | null {
    if (a.seq === undefined) return null;
    const attachments = archivedAttachments(a.extra);
    this.media.learn(a.conversationId, attachments);
    return secretTimelineMessage(
      {
        id: a.messageId,
        conversationId: a.conversationId,
        seq: a.seq,
        senderId: a.senderId,
        senderDeviceId: a.senderDeviceId,
        text: a.text,
        createdAt: a.sentAt,
      },
      {
        attachments,
        replyTo: archivedReplyTo(a.extra),
        reactions: this.client.secret.reactionsOf(a.conversationId, a.messageId),
        editedAt: a.editedAt,
      },
    );
  }

  async sendSecret(conversationId: string, text: string, files: SecretFile[] = [], replyTo?: Message) {
    await this.client.secret.send(conversationId, text, files, replyTo ? { replyTo } : {});
    this.changed(conversationId);
  }

  async reactSecret(conversationId: string, messageId: string, emoji: string | null) {
    await this.client.secret.react(conversationId, messageId, emoji);
  }

  async editSecret(conversationId: string, message: Message, text: string) {
    await this.client.secret.edit(conversationId, message, text);
    this.changed(conversationId);
  }

  async deleteSecret(conversationId: string, messageId: string, forEveryone: boolean) {
    if (forEveryone) await this.client.secret.deleteForEveryone(conversationId, messageId);
    else await this.client.secret.deleteForMe(conversationId, messageId);
  }

  secretMediaUrls(ids: readonly string[]) {
    return this.media.urlsOf(ids);
  }

  undecryptable(messageId: string) {
    return this.rejectedIds.has(messageId);
  }

  // ---- sealed messages ----

  async sendSealed(conversationId: string, draft: SealedDraft) {
    await this.client.sealed.send(conversationId, draft.text, {
      viewOnce: draft.viewOnce,
      ...(draft.expiresInSeconds !== null ? { expiresInSeconds: draft.expiresInSeconds } : {}),
    });
  }
  openedViewOnce(messageId: string) {
    return this.opened.has(messageId);
  }
  async reveal(messageId: string) {
    const r = await this.client.sealed.reveal(messageId);
    if (r.status.summary.viewOnce) this.remember(messageId, false);
    return r.text;
  }
  close(messageId: string) {
    if (this.opened.has(messageId) || !this.pendingViewOnce.has(messageId)) return;
    this.remember(messageId, true);
  }
  private pendingViewOnce = new Set<string>();
  /** A view-once secret is gone once closed: remembered per account (localStorage). */
  private remember(messageId: string, closed: boolean) {
    if (!closed) {
      this.pendingViewOnce.add(messageId);
      return;
    }
    this.pendingViewOnce.delete(messageId);
    this.opened.add(messageId);
    localStorage.setItem(this.openedKey, JSON.stringify([...this.opened].slice(-1_000)));
    this.emit();
  }
  async revealLog(messageId: string): Promise<RevealEntry[]> {
    const status = await this.client.sealed.status(messageId);
    return status.reveals.map((r) => ({
      userId: r.userId,
      deviceId: r.deviceId,
      deviceName: this.deviceNames.get(r.deviceId) ?? strings.sealed.otherDevice(r.deviceId.slice(-4)),
      openedAt: r.at,
    }));
  }
  private async loadDeviceNames() {
    try {
      const { devices } = await this.client.api('listDevices', {});
      for (const d of devices) this.deviceNames.set(d.id, d.name);
    } catch {
      // Names of my own devices are a nicety; the log shows a short id without them.
    }
  }

  subscribe(listener: () => void) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get ready() {
    return this.started;
  }
}

export function encryptionFor(client: AnytimeClient, me: User): EncryptionPort {
  return new SdkEncryption(client, me);
}
