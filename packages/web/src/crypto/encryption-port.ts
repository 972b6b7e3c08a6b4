// What the encryption screens need from the SDK (client.keys, client.secret, client.sealed), in
// one interface. The screens are written against it so that they do not depend on how the SDK
// spells each call; sdk-encryption.ts is the one adapter from the SDK client to this interface.
import type { Conversation, MediaVariant, Message } from '@anytime/protocol';
import type { SecretAttachmentInput as SecretFile } from '@anytime/sdk';

/** Where this device stands with its end-to-end keys after sign-in. */
export type KeySetupState =
  | { status: 'loading' }
  /** Keys are on this device; `hasBackup` says whether the account's key backup exists. */
  | { status: 'ready'; hasBackup: boolean }
  /** The account has an identity key but this device has no keys: the backup passphrase restores them. */
  | { status: 'needsRestore' }
  | { status: 'error'; message: string };

/** Thrown by restore() when the passphrase does not open the backup (AES-GCM authentication failed). */
export class WrongPassphraseError extends Error {
  constructor() {
    super('wrong passphrase');
    this.name = 'WrongPassphraseError';
  }
}

/** Progress of a slow step (the passphrase KDF): 0..1. */
export type OnProgress = (fraction: number) => void;

/** The safety number between the signed-in user and another user, from both identity keys. */
export interface SafetyNumberView {
  userId: string;
  /** 60 decimal digits (shown as 12 groups of 5). */
  digits: string;
  /** What the QR code encodes (the other phone scans it and compares). */
  qrPayload: string;
  verified: boolean;
}

/** A scanned QR code compared with ours: equal means the keys are the ones we see. */
export type ScanResult = 'match' | 'mismatch' | 'invalid';

/** One opening of a sealed message: who, on which device, when (the sender's reveal log). */
export interface RevealEntry {
  userId: string;
  deviceId: string;
  deviceName: string;
  openedAt: string;
}

/** What a sealed message is to this device, without its secret. */
export interface SealedInfo {
  messageId: string;
  conversationId: string;
  senderId: string;
  viewOnce: boolean;
  /** null: no expiry. */
  expiresAt: string | null;
  /**
   * sealed: can be revealed; opened: a view-once message this device already opened (gone);
   * expired: past its expiry; deleted: view-once opened by every recipient, ciphertext gone.
   */
  state: 'sealed' | 'opened' | 'expired' | 'deleted';
}

export interface SealedDraft {
  text: string;
  viewOnce: boolean;
  /** Seconds until it can no longer be revealed; null for never. */
  expiresInSeconds: number | null;
}

/**
 * A file to send in a secret chat, with what this device worked out about it (the server never
 * sees the file: dimensions, duration, waveform and the thumbnail come from the sender).
 */
export type { SecretAttachmentInput as SecretFile } from '@anytime/sdk';

/** Local URLs of decrypted secret-chat media, per media id (the attachment's blob id) and variant. */
export type SecretMediaUrls = Record<string, Partial<Record<MediaVariant, string>>>;

export interface EncryptionPort {
  // ---- keys and backup ----
  /**
   * Loads this device's keys, or creates them for an account that has none yet (first device) and
   * publishes the device bundle; says `needsRestore` when the account's keys live elsewhere.
   */
  setUpDevice(): Promise<KeySetupState>;
  /** Encrypts the account's keys and history key under the passphrase and uploads the backup. */
  createBackup(passphrase: string, onProgress: OnProgress): Promise<void>;
  /** Downloads the backup, opens it (WrongPassphraseError), installs the keys and the history. */
  restore(passphrase: string, onProgress: OnProgress): Promise<void>;

  // ---- verification ----
  safetyNumber(userId: string): Promise<SafetyNumberView>;
  compareScanned(userId: string, scanned: string): Promise<ScanResult>;
  markVerified(userId: string, verified: boolean): Promise<void>;
  /** Whether the user was marked verified (and their key has not changed since). */
  isVerified(userId: string): boolean;
  /** Users whose identity key changed since we last saw it, not yet acknowledged. */
  keyChanges(): readonly string[];
  acknowledgeKeyChange(userId: string): Promise<void>;

  // ---- secret chats ----
  /** The decrypted messages of a secret chat this device has, as timeline messages, in seq order. */
  secretMessages(conversationId: string): readonly Message[];
  /**
   * Encrypts and sends a message to a secret chat (resolves once the server stored it). Each file
   * is encrypted on this device with its own key; only ciphertext is uploaded. `replyTo`: the
   * message it answers (quoted inside the ciphertext).
   */
  sendSecret(conversationId: string, text: string, files?: SecretFile[], replyTo?: Message): Promise<void>;
  /** Reacts to a secret message (replacing this user's earlier reaction), or takes it back (null). */
  reactSecret(conversationId: string, messageId: string, emoji: string | null): Promise<void>;
  /**
   * Replaces the text of one of my secret messages (within the edit window): sent encrypted, and
   * every member's devices apply it (only from the sender; they check the window themselves).
   */
  editSecret(conversationId: string, message: Message, text: string): Promise<void>;
  /**
   * Deletes a secret message: for everyone (own messages only; every member's devices drop it and
   * its attachments leave the server), or for me (on this device and in this account's archive).
   */
  deleteSecret(conversationId: string, messageId: string, forEveryone: boolean): Promise<void>;
  /**
   * Fetches, checks and decrypts the attachments of secret messages (ids from their `media`), as
   * object URLs; an attachment that cannot be fetched or was changed on the server is left out.
   */
  secretMediaUrls(ids: readonly string[]): Promise<SecretMediaUrls>;
  /** A secret-chat message this device could not decrypt (shown as "Encrypted message"). */
  undecryptable(messageId: string): boolean;
  /** Creates an MLS group with every device of the members (1:1 when one member and no title). */
  createSecretChat(memberIds: string[], title?: string): Promise<Conversation>;

  // ---- sealed messages ----
  sendSealed(conversationId: string, draft: SealedDraft): Promise<void>;
  /** Whether the signed-in user already opened this view-once message (it is gone for them). */
  openedViewOnce(messageId: string): boolean;
  /** Decrypts the secret for an explicit tap (records the opening on the server). */
  reveal(messageId: string): Promise<string>;
  /** Closes a revealed secret (a view-once message is gone afterwards). */
  close(messageId: string): void;
  revealLog(messageId: string): Promise<RevealEntry[]>;

  /** Calls `listener` after any change of what the getters above return. */
  subscribe(listener: () => void): () => void;
}
