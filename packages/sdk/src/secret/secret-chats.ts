// client.secret: end-to-end encrypted chats over MLS. Each device is a leaf of each secret chat's
// group. This class keeps the group state in the KeyStore, reads the conversation's timeline in
// seq order (commits and ciphertexts, fetching whatever was missed, so deliveries that arrive out
// of order or twice change nothing), encrypts sends, commits membership changes with a retry on
// 409 stale_epoch, and keeps the group equal to "every device of every member" (adding a new
// device of a member, removing revoked devices and removed members). Plaintext stays on the client.
// Replies, reactions and edits travel inside the encrypted payload (reactions and edits are sent
// as not urgent: the server pushes no notification for them); receivers apply an edit only from
// the message's sender within the edit window (edits.ts). A message its sender deleted for
// everyone comes back as a `deleted` timeline entry, and every device drops it (and its archive record).
import { DirectoryAuthService, MlsGroup, toB64, type DeviceKeyPairs, type PendingCommit } from '@anytime/crypto';
import {
  LIMITS,
  type Conversation,
  type Event,
  type MlsGroupInfo,
  type MlsMessage,
  type SecretAttachment,
  type SecretEdit,
  type SecretPayload,
  type SecretReaction,
  type SecretReplyTo,
} from '@anytime/protocol';
import { ApiError } from '../http/api-error.js';
import { Emitter, type Listener } from '../realtime/emitter.js';
import type { CallRoute } from '../state/load-state.js';
import { replenishKeyPackages } from './key-package-pool.js';
import type { KeysClient, Me } from './keys-client.js';
import { openAttachment, uploadAttachment, type SecretAttachmentInput } from './attachments.js';
import { EditBook, editAllowed, type SecretEditEntry } from './edits.js';
import { decodePayload, encodePayload } from './payload.js';
import { ReactionBook, type SecretReactionEntry } from './reactions.js';
import { SerialQueue } from './serial-queue.js';

/** A decrypted secret message: kept only on this device. */
export interface SecretMessage {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  senderDeviceId: string;
  text: string;
  /** Encrypted attachments: keys and digests to fetch and open them (openAttachment). */
  attachments: SecretAttachment[];
  /** The message this one answers, with the sender's snapshot of it. */
  replyTo: SecretReplyTo | null;
  /** Set when this is a reaction (applied to its target, never shown as a message of its own). */
  reaction: SecretReaction | null;
  /** Set when this is an edit (applied to its target, never shown as a message of its own). */
  edit: SecretEdit | null;
  /** When the text was last changed by an edit of its sender (null: never edited). */
  editedAt: string | null;
  /** Every member's current reaction to this message. */
  reactions: SecretReactionEntry[];
  createdAt: string;
}

/** What a reply quotes: the message answered (its text is cut to the quote length). */
export type SecretReplyInput = Pick<SecretMessage, 'id' | 'senderId' | 'text'>;

export interface SecretChatEvents {
  message: SecretMessage;
  /** A message's sender edited it: its text is now `text`. */
  edited: { conversationId: string; messageId: string; text: string; editedAt: string };
  /** A member's reaction to a message changed (`emoji` null: taken back). */
  reaction: { conversationId: string; messageId: string; userId: string; emoji: string | null };
  /** A message is gone: its sender deleted it for everyone, or this device's user for themselves. */
  deleted: { conversationId: string; messageId: string; forEveryone: boolean };
  /** A timeline entry that failed to decrypt or verify (tampered, replayed, or not for us). */
  rejected: { conversationId: string; seq: number; reason: string };
  /** This device joined a secret chat's group. */
  joined: { conversationId: string; epoch: number };
  /** This device was removed from a secret chat's group. */
  removed: { conversationId: string };
  /** The group moved to a new epoch (a commit was applied). */
  epoch: { conversationId: string; epoch: number };
}

export interface SecretChatsOptions {
  call: CallRoute;
  keys: KeysClient;
  me: () => Me;
  /** How long a device that is not the group's first leaf waits before fixing the group itself. */
  followerDelayMs?: number;
  /**
   * A device that joined from a welcome commits an update (fresh keys along its path, which
   * merges its leaf into the tree) after a random delay up to this many ms, if its leaf is still
   * unmerged at some node above it by then. Default 2,000.
   */
  updateAfterJoinMs?: number;
  /** Commits tried again after stale_epoch before giving up. */
  maxCommitAttempts?: number;
  /** GETs an API path's bytes with the access token (encrypted attachments). */
  fetchBlob?: (path: string) => Promise<Blob>;
}

const PAGE = 200;
const seqName = (conversationId: string) => `mls/seq/${conversationId}`;

export class SecretChats {
  /** Called with every decrypted application message (the history archive keeps them). */
  onDecrypted: ((conversationId: string, message: SecretMessage) => void | Promise<void>) | undefined;
  /** Called with every message this device drops (deleted for everyone, or for me). */
  onDeleted: ((conversationId: string, messageId: string) => void | Promise<void>) | undefined;

  private readonly emitter = new Emitter<SecretChatEvents>();
  private readonly queue = new SerialQueue();
  private readonly auth = new DirectoryAuthService();
  private readonly groups = new Map<string, MlsGroup>();
  private readonly pendingOwn = new Map<string, Map<number, PendingCommit>>();
  private readonly ownSent = new Map<string, Map<number, SecretMessage>>();
  private readonly decrypted = new Map<string, SecretMessage[]>();
  private readonly reactionBooks = new Map<string, ReactionBook>();
  private readonly editBooks = new Map<string, EditBook>();
  private readonly secretIds = new Set<string>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private device: DeviceKeyPairs | undefined;
  private started = false;

  constructor(private readonly options: SecretChatsOptions) {}

  on<K extends keyof SecretChatEvents>(type: K, fn: Listener<SecretChatEvents[K]>): () => void {
    return this.emitter.on(type, fn);
  }

  next<K extends keyof SecretChatEvents>(type: K, filter?: (p: SecretChatEvents[K]) => boolean) {
    return this.emitter.next(type, filter);
  }

  /**
   * Sets up this device's keys (publishing them), stocks key packages, joins the groups it was
   * welcomed into and catches up every secret chat. Call once signed in.
   */
  async start(): Promise<void> {
    const { device } = await this.options.keys.setUp();
    this.device = device;
    await replenishKeyPackages(this.options.call, this.options.keys.store, this.options.me(), device.signing);
    this.started = true;
    const { conversations } = await this.options.call('listConversations', undefined);
    for (const c of conversations) if (c.encryption === 'mls') this.secretIds.add(c.id);
    await Promise.all([...this.secretIds].map((id) => this.reconcile(id)));
  }

  /** Stops timers (the client is closing). */
  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.started = false;
  }

  /** Starts a secret chat; this device creates its group and adds every device of the members. */
  async create(
    input: { kind: 'direct'; memberId: string } | { kind: 'group'; title: string; memberIds: string[] },
  ): Promise<Conversation> {
    const body =
      input.kind === 'direct'
        ? { kind: 'direct' as const, memberIds: [input.memberId], encryption: 'mls' as const }
        : { kind: 'group' as const, title: input.title, memberIds: input.memberIds, encryption: 'mls' as const };
    const { conversation } = await this.options.call('createConversation', { body });
    this.secretIds.add(conversation.id);
    await this.reconcile(conversation.id);
    return conversation;
  }

  /**
   * Encrypts and sends a message; resolves with it once the server stored the ciphertext. Each
   * attachment is encrypted with its own fresh key and uploaded first (only ciphertext leaves the
   * device); the keys and digests travel inside the MLS message.
   */
  async send(
    conversationId: string,
    text: string,
    attachments: SecretAttachmentInput[] = [],
    options: { replyTo?: SecretReplyInput } = {},
  ): Promise<SecretMessage> {
    const sent: SecretAttachment[] = [];
    const progress = { stored: false };
    const r = options.replyTo;
    const replyTo = r ? { messageId: r.id, senderId: r.senderId, text: r.text.slice(0, LIMITS.quoteExcerptMax) } : null;
    try {
      for (const a of attachments) sent.push(await uploadAttachment(this.options.call, conversationId, a));
      const payload: SecretPayload = {
        v: 1,
        text,
        ...(sent.length ? { attachments: sent } : {}),
        ...(replyTo ? { replyTo } : {}),
      };
      return await this.sendPayload(conversationId, payload, progress);
    } catch (e) {
      // Refused by the server before the message was stored: the uploaded ciphertexts would only
      // take up the quota. (After a network error the message may have been stored: they stay.)
      if (e instanceof ApiError && !progress.stored) {
        await Promise.all(sent.map((a) => this.deleteAttachment(conversationId, a.blobId).catch(() => undefined)));
      }
      throw e;
    }
  }

  /**
   * Reacts to a message with one emoji (replacing this user's earlier one), or takes the reaction
   * back (null). Sent as an encrypted message of its own.
   */
  async react(conversationId: string, messageId: string, emoji: string | null): Promise<void> {
    await this.sendPayload(conversationId, { v: 1, text: '', reaction: { messageId, emoji } }, { stored: false });
  }

  /**
   * Replaces the text of one of this user's messages, within the edit window
   * (SECRET_EDIT_WINDOW_MS of its sending). Sent as an encrypted message of its own; every device
   * applies it to the message (receivers check the sender and the window themselves).
   */
  async edit(
    conversationId: string,
    message: Pick<SecretMessage, 'id' | 'senderId' | 'createdAt'>,
    text: string,
  ): Promise<void> {
    if (message.senderId !== this.options.me().userId) throw new Error('only the sender may edit a message');
    if (!editAllowed(message, message.senderId, new Date().toISOString())) {
      throw new Error('too late to edit this message (the edit window has passed)');
    }
    const edit = { messageId: message.id, text };
    await this.sendPayload(conversationId, { v: 1, text: '', edit }, { stored: false });
  }

  /** The edit that applies to a message now (also to one restored from the archive), or null. */
  editOf(
    conversationId: string,
    message: Pick<SecretMessage, 'id' | 'senderId' | 'createdAt'>,
  ): SecretEditEntry | null {
    return this.edits(conversationId).of(message);
  }

  /** Takes in an edit restored from the archive (applied when its message is shown). */
  learnEdit(conversationId: string, senderId: string, edit: SecretEdit, seq: number, at: string): void {
    this.edits(conversationId).add(edit.messageId, senderId, edit.text, seq, at);
  }

  /**
   * Deletes one of this user's messages for everyone (the server removes its ciphertext and
   * attachments; every device of every member drops it). Resolves once this device dropped it.
   */
  async deleteForEveryone(conversationId: string, messageId: string): Promise<void> {
    const { message } = await this.options.call('deleteMlsMessage', { params: { id: conversationId, messageId } });
    await this.ingest(message);
  }

  /** Drops a message on this device only (and from this account's archive); nobody else is told. */
  deleteForMe(conversationId: string, messageId: string): Promise<void> {
    return this.queue.run(conversationId, () => this.drop(conversationId, messageId, false));
  }

  /** The current reactions to a message (also to one restored from the archive). */
  reactionsOf(conversationId: string, messageId: string): SecretReactionEntry[] {
    return this.book(conversationId).of(messageId);
  }

  /** Takes in a reaction restored from the archive (a newer one already known wins). */
  learnReaction(conversationId: string, userId: string, reaction: SecretReaction, seq: number): void {
    this.book(conversationId).apply(reaction.messageId, userId, reaction.emoji, seq);
  }

  /** Deletes an encrypted attachment this user uploaded from the server (its bytes are gone for everyone). */
  async deleteAttachment(conversationId: string, blobId: string): Promise<void> {
    await this.options.call('deleteSecretBlob', { params: { id: conversationId, blobId } });
  }

  private sendPayload(
    conversationId: string,
    payload: SecretPayload,
    progress: { stored: boolean },
  ): Promise<SecretMessage> {
    const sent = payload.attachments ?? [];
    // Reactions and edits should not notify (Signal's urgent flag): the server does not push them.
    const urgent = !payload.reaction && !payload.edit;
    return this.queue.run(conversationId, async () => {
      await this.doCatchUp(conversationId);
      const group = this.groups.get(conversationId);
      if (!group) throw new Error('this device is not (yet) in the secret chat');
      const ciphertext = await group.encrypt(encodePayload(payload));
      await group.save(this.options.keys.store);
      const clientId = `s-${toB64(crypto.getRandomValues(new Uint8Array(12)))}`;
      const { message } = await this.options.call('sendMlsMessage', {
        params: { id: conversationId },
        body: {
          clientId,
          epoch: group.epoch,
          ciphertext,
          ...(sent.length ? { blobIds: sent.map((a) => a.blobId) } : {}),
          ...(urgent ? {} : { urgent: false }),
        },
      });
      progress.stored = true;
      const mine = this.toSecret(message, payload);
      this.remember(this.ownSent, conversationId).set(message.seq, mine);
      await this.doCatchUp(conversationId);
      return mine;
    });
  }

  /**
   * The plaintext of an attachment of a secret message: fetched, its SHA-256 checked against the
   * message, decrypted. Throws AttachmentIntegrityError when the blob was changed or swapped.
   */
  async openAttachment(conversationId: string, attachment: SecretAttachment): Promise<Uint8Array> {
    if (!this.options.fetchBlob) throw new Error('this client cannot fetch encrypted attachments');
    return openAttachment(this.options.fetchBlob, conversationId, attachment);
  }

  /** Decrypted messages of a secret chat this device has seen, in seq order (reactions and edits folded in). */
  messages(conversationId: string): SecretMessage[] {
    return [...(this.decrypted.get(conversationId) ?? [])];
  }

  /** The group's epoch on this device (undefined when it is not in the group). */
  epochOf(conversationId: string): number | undefined {
    return this.groups.get(conversationId)?.epoch;
  }

  /** The devices that are leaves of the group on this device. */
  leavesOf(conversationId: string) {
    return this.groups.get(conversationId)?.leaves() ?? [];
  }

  /** Resolves once every queued operation has finished. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Routes a protocol event (the client calls this for every event it applies). */
  handleEvent(event: Event): void {
    if (!this.started) return;
    const me = this.options.me();
    switch (event.type) {
      case 'conversation.created':
        if (event.conversation.encryption === 'mls') {
          this.secretIds.add(event.conversationId);
          void this.reconcile(event.conversationId).catch(() => undefined);
        }
        return;
      case 'mls.message':
        void this.ingest(event.message).catch(() => undefined);
        return;
      case 'mls.welcome':
        if (event.welcome.deviceId === me.deviceId) {
          this.secretIds.add(event.welcome.conversationId);
          void this.catchUp(event.welcome.conversationId).catch(() => undefined);
        }
        return;
      case 'member.removed':
        // Removed from the chat: the commit removing our leaf is not ours to read any more.
        if (event.userId === me.userId) {
          void this.queue.run(event.conversationId, () => this.leave(event.conversationId)).catch(() => undefined);
          return;
        }
        if (this.secretIds.has(event.conversationId)) this.reconcileSoon(event.conversationId);
        return;
      case 'member.added':
        if (this.secretIds.has(event.conversationId)) this.reconcileSoon(event.conversationId);
        return;
      case 'keys.changed':
        for (const id of this.secretIds) this.reconcileSoon(id);
        if (event.userId === me.userId) void this.restock().catch(() => undefined);
        return;
      default:
        return;
    }
  }

  /**
   * Takes one timeline entry, in whatever order it arrives: an entry already processed is
   * ignored; a later one makes the device fetch and process everything before it first.
   */
  async ingest(message: MlsMessage): Promise<void> {
    this.secretIds.add(message.conversationId);
    await this.queue.run(message.conversationId, () => this.doCatchUp(message.conversationId, message));
  }

  /** Processes everything of the chat's timeline this device has not processed yet. */
  catchUp(conversationId: string): Promise<void> {
    return this.queue.run(conversationId, () => this.doCatchUp(conversationId));
  }

  /** A commit with no proposals: fresh keys for this device's path (post-compromise security). */
  updateKeys(conversationId: string): Promise<void> {
    return this.queue.run(conversationId, () => this.commitWithRetry(conversationId, async () => ({})));
  }

  /** Makes the group's leaves equal to the devices the server lists for the chat. */
  reconcile(conversationId: string): Promise<void> {
    return this.queue.run(conversationId, async () => {
      await this.doCatchUp(conversationId);
      const info = await this.groupInfo(conversationId);
      const me = this.options.me();
      if (!this.groups.has(conversationId) && info.creatorDeviceId === me.deviceId && info.epoch === 0) {
        const { device } = await this.options.keys.setUp();
        const group = await MlsGroup.create(conversationId, me, device.signing, this.auth);
        this.groups.set(conversationId, group);
        await this.saveGroup(conversationId, group, 0);
      }
      if (!this.groups.has(conversationId)) return;
      await this.commitWithRetry(conversationId, (fresh) => this.membershipChange(conversationId, fresh));
    });
  }

  // ---- internals ----

  private reconcileSoon(conversationId: string): void {
    const group = this.groups.get(conversationId);
    const me = this.options.me();
    // The device holding the lowest leaf acts at once; the others only if it has not, later.
    const leader = group?.leaves()[0]?.deviceId === me.deviceId;
    const delay = leader ? 0 : (this.options.followerDelayMs ?? 2_000);
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.started) void this.reconcile(conversationId).catch(() => undefined);
    }, delay);
    this.timers.add(t);
  }

  /**
   * A joiner's leaf is unmerged at the non-blank nodes above it (the adding commit had no path
   * through it): it does not know their keys, and every commit encrypts to it separately. Its own
   * update fixes both; the random delay spreads the updates of devices that joined together, and
   * a commit whose path already merged it makes its own moot.
   */
  private updateAfterJoin(conversationId: string): void {
    const delay = Math.random() * (this.options.updateAfterJoinMs ?? 2_000);
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.started) return;
      void this.queue
        .run(conversationId, () =>
          this.commitWithRetry(conversationId, async () =>
            this.groups.get(conversationId)?.unmerged ? {} : undefined,
          ),
        )
        .catch(() => undefined);
    }, delay);
    this.timers.add(t);
  }

  private async leave(conversationId: string): Promise<void> {
    this.secretIds.delete(conversationId);
    const had =
      this.groups.delete(conversationId) || (await this.options.keys.store.get(`mls/group/${conversationId}`));
    await MlsGroup.forget(conversationId, this.options.keys.store);
    if (had) this.emitter.emit('removed', { conversationId });
  }

  private async restock(): Promise<void> {
    const { device } = await this.options.keys.setUp();
    await replenishKeyPackages(this.options.call, this.options.keys.store, this.options.me(), device.signing);
  }

  private async groupInfo(conversationId: string): Promise<MlsGroupInfo> {
    return (await this.options.call('getMlsGroup', { params: { id: conversationId } })).group;
  }

  /** Learns the directory entries of everyone in the group and everyone who should be. */
  private async learnKeys(conversationId: string, info?: MlsGroupInfo): Promise<MlsGroupInfo> {
    const current = info ?? (await this.groupInfo(conversationId));
    const users = new Set(current.devices.map((d) => d.userId));
    for (const l of this.groups.get(conversationId)?.leaves() ?? []) users.add(l.userId);
    const keys = await this.options.keys.queryKeys([...users]);
    this.auth.learn(keys);
    return current;
  }

  /** What the group must change to match the server's device list (undefined: nothing). */
  private async membershipChange(
    conversationId: string,
    info: MlsGroupInfo,
  ): Promise<{ add?: string[]; remove?: number[] } | undefined> {
    const group = this.groups.get(conversationId)!;
    const me = this.options.me();
    const key = (u: string, d: string) => `${u}/${d}`;
    const expected = new Set(info.devices.map((d) => key(d.userId, d.deviceId)));
    if (!expected.has(key(me.userId, me.deviceId))) return undefined;
    const leaves = group.leaves();
    const present = new Set(leaves.map((l) => key(l.userId, l.deviceId)));
    const remove = leaves.filter((l) => !expected.has(key(l.userId, l.deviceId))).map((l) => l.leafIndex);
    const missing = info.devices.filter((d) => !present.has(key(d.userId, d.deviceId)));
    const add: string[] = [];
    for (let i = 0; i < missing.length; i += PAGE) {
      const { keyPackages } = await this.options.call('claimKeyPackages', {
        body: { devices: missing.slice(i, i + PAGE) },
      });
      for (const kp of keyPackages) add.push(kp.keyPackage);
    }
    if (add.length === 0 && remove.length === 0) return undefined;
    return { add, remove };
  }

  /**
   * Makes a commit from the current epoch and submits it; on stale_epoch applies what it missed
   * and makes the commit again from the newer state (the change is recomputed each time).
   */
  private async commitWithRetry(
    conversationId: string,
    change: (info: MlsGroupInfo) => Promise<{ add?: string[]; remove?: number[] } | undefined>,
  ): Promise<void> {
    const attempts = this.options.maxCommitAttempts ?? 8;
    for (let attempt = 1; ; attempt++) {
      await this.doCatchUp(conversationId);
      const group = this.groups.get(conversationId);
      if (!group) return;
      const info = await this.learnKeys(conversationId);
      const wanted = await change(info);
      if (!wanted) return;
      let pending: PendingCommit;
      try {
        pending = await group.commit(wanted);
      } catch (e) {
        // A key package that the directory does not vouch for: drop the additions this round.
        if (!wanted.add?.length) throw e;
        if (!wanted.remove?.length) return;
        pending = await group.commit({ remove: wanted.remove });
      }
      try {
        const { message } = await this.options.call('submitMlsCommit', {
          params: { id: conversationId },
          body: {
            epoch: pending.epoch,
            commit: pending.commit,
            ...(pending.welcome && pending.added.length > 0
              ? { welcome: { data: pending.welcome, deviceIds: pending.added.map((a) => a.deviceId) } }
              : {}),
          },
        });
        this.remember(this.pendingOwn, conversationId).set(message.seq, pending);
        await this.doCatchUp(conversationId);
        return;
      } catch (e) {
        if (e instanceof ApiError && e.code === 'stale_epoch' && attempt < attempts) continue;
        throw e;
      }
    }
  }

  private edits(conversationId: string): EditBook {
    let b = this.editBooks.get(conversationId);
    if (!b) this.editBooks.set(conversationId, (b = new EditBook()));
    return b;
  }

  private book(conversationId: string): ReactionBook {
    let b = this.reactionBooks.get(conversationId);
    if (!b) this.reactionBooks.set(conversationId, (b = new ReactionBook()));
    return b;
  }

  /** Drops a message from this device (and, through onDeleted, from the account's archive). */
  private async drop(conversationId: string, messageId: string, forEveryone: boolean): Promise<void> {
    const list = this.decrypted.get(conversationId);
    if (list)
      this.decrypted.set(
        conversationId,
        list.filter((m) => m.id !== messageId),
      );
    this.book(conversationId).forget(messageId);
    this.edits(conversationId).forget(messageId);
    this.emitter.emit('deleted', { conversationId, messageId, forEveryone });
    await this.onDeleted?.(conversationId, messageId);
  }

  private remember<T>(map: Map<string, Map<number, T>>, conversationId: string): Map<number, T> {
    let m = map.get(conversationId);
    if (!m) map.set(conversationId, (m = new Map()));
    return m;
  }

  private async processedSeq(conversationId: string): Promise<number> {
    const v = await this.options.keys.store.get(seqName(conversationId));
    return v ? Number(new TextDecoder().decode(v)) : 0;
  }

  private async saveGroup(conversationId: string, group: MlsGroup, seq: number): Promise<void> {
    await group.save(this.options.keys.store);
    await this.options.keys.store.put(seqName(conversationId), new TextEncoder().encode(String(seq)));
  }

  private async loadGroup(conversationId: string): Promise<MlsGroup | undefined> {
    let group = this.groups.get(conversationId);
    if (group) return group;
    group = await MlsGroup.load(conversationId, this.options.keys.store, this.auth);
    if (group?.active) {
      this.groups.set(conversationId, group);
      return group;
    }
    return this.joinFromWelcome(conversationId);
  }

  private async joinFromWelcome(conversationId: string): Promise<MlsGroup | undefined> {
    const { welcomes } = await this.options.call('listMlsWelcomes', undefined);
    const mine = welcomes.filter((w) => w.conversationId === conversationId).sort((a, b) => b.seq - a.seq);
    if (mine.length === 0) return undefined;
    await this.learnKeys(conversationId);
    const device = this.device ?? (await this.options.keys.setUp()).device;
    for (const w of mine) {
      try {
        const group = await MlsGroup.join(w.data, this.options.keys.store, device.signing, this.auth);
        if (group.groupId !== conversationId) continue;
        this.groups.set(conversationId, group);
        await this.saveGroup(conversationId, group, w.seq);
        this.emitter.emit('joined', { conversationId, epoch: group.epoch });
        // Used key packages are gone: top the pool up.
        void this.restock().catch(() => undefined);
        this.updateAfterJoin(conversationId);
        return group;
      } catch {
        // A welcome for an older key package, or one the directory does not vouch for: try the next.
      }
    }
    return undefined;
  }

  private async doCatchUp(conversationId: string, hint?: MlsMessage): Promise<void> {
    const group = await this.loadGroup(conversationId);
    if (!group) return;
    let after = await this.processedSeq(conversationId);
    if (hint && hint.seq <= after) return;
    let learned = false;
    for (;;) {
      const { messages } = await this.options.call('listMlsMessages', {
        params: { id: conversationId },
        query: { afterSeq: after, limit: PAGE },
      });
      for (const m of messages) {
        const g = this.groups.get(conversationId);
        if (!g) return;
        if (m.kind === 'commit' && !learned && !this.pendingOwn.get(conversationId)?.has(m.seq)) {
          await this.learnKeys(conversationId);
          learned = true;
        }
        await this.process(g, m);
        after = m.seq;
        if (this.groups.has(conversationId)) await this.saveGroup(conversationId, g, after);
      }
      if (messages.length < PAGE) return;
    }
  }

  private async process(group: MlsGroup, m: MlsMessage): Promise<void> {
    const conversationId = m.conversationId;
    if (m.kind === 'commit') {
      const own = this.pendingOwn.get(conversationId)?.get(m.seq);
      if (own) {
        group.apply(own);
        this.pendingOwn.get(conversationId)!.delete(m.seq);
      } else if (m.epoch < group.epoch) {
        return; // applied before a restart
      } else {
        try {
          await group.receive(m.data);
        } catch (e) {
          this.emitter.emit('rejected', { conversationId, seq: m.seq, reason: (e as Error).message });
          return;
        }
      }
      if (!group.active) {
        await this.leave(conversationId);
        return;
      }
      this.emitter.emit('epoch', { conversationId, epoch: group.epoch });
      return;
    }
    if (m.kind === 'deleted') {
      await this.drop(conversationId, m.id, true);
      return;
    }
    const own = this.ownSent.get(conversationId)?.get(m.seq);
    if (own) {
      this.ownSent.get(conversationId)!.delete(m.seq);
      await this.deliver(own);
      return;
    }
    // MLS senders cannot decrypt their own messages; one sent before a restart is in the archive.
    if (m.senderDeviceId === this.options.me().deviceId) return;
    try {
      const r = await group.receive(m.data);
      if (r.kind !== 'application') return;
      if (r.sender.userId !== m.senderId || r.sender.deviceId !== m.senderDeviceId) {
        throw new Error('the authenticated sender differs from the one the server names');
      }
      const payload = decodePayload(r.plaintext);
      if (!payload) throw new Error('unreadable payload');
      await this.deliver(this.toSecret(m, payload));
    } catch (e) {
      this.emitter.emit('rejected', { conversationId, seq: m.seq, reason: (e as Error).message });
    }
  }

  private async deliver(message: SecretMessage): Promise<void> {
    const conversationId = message.conversationId;
    const list = this.decrypted.get(conversationId) ?? [];
    const r = message.reaction;
    const e = message.edit;
    if (e) {
      this.edits(conversationId).add(e.messageId, message.senderId, e.text, message.seq, message.createdAt);
      const target = list.find((m) => m.id === e.messageId);
      // What counts now (the sender's, in the window, the latest): an edit by anyone else changes nothing.
      const now = target && this.edits(conversationId).of(target);
      if (target && now && (now.text !== target.text || now.editedAt !== target.editedAt)) {
        this.decrypted.set(
          conversationId,
          list.map((m) => (m === target ? { ...m, text: now.text, editedAt: now.editedAt } : m)),
        );
        this.emitter.emit('edited', { conversationId, messageId: e.messageId, ...now });
      }
    } else if (!r) {
      const edited = this.edits(conversationId).of(message);
      const shown = {
        ...message,
        ...(edited ? { text: edited.text, editedAt: edited.editedAt } : {}),
        reactions: this.book(conversationId).of(message.id),
      };
      list.push(shown);
      this.decrypted.set(conversationId, list);
      this.emitter.emit('message', shown);
    } else if (this.book(conversationId).apply(r.messageId, message.senderId, r.emoji, message.seq)) {
      const reactions = this.book(conversationId).of(r.messageId);
      this.decrypted.set(
        conversationId,
        list.map((m) => (m.id === r.messageId ? { ...m, reactions } : m)),
      );
      const userId = message.senderId;
      this.emitter.emit('reaction', { conversationId, messageId: r.messageId, userId, emoji: r.emoji });
    }
    await this.onDecrypted?.(conversationId, message);
  }

  private toSecret(m: MlsMessage, payload: SecretPayload): SecretMessage {
    return {
      id: m.id,
      conversationId: m.conversationId,
      seq: m.seq,
      senderId: m.senderId,
      senderDeviceId: m.senderDeviceId,
      text: payload.text,
      attachments: payload.attachments ?? [],
      replyTo: payload.replyTo ?? null,
      reaction: payload.reaction ?? null,
      edit: payload.edit ?? null,
      editedAt: null,
      reactions: [],
      createdAt: m.createdAt,
    };
  }
}
