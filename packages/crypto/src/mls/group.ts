// One device's view of a secret chat's MLS group, over ts-mls: create it, join it from a welcome,
// commit adds and removes (applied only once the delivery service accepted the commit), encrypt
// and decrypt application messages, and save/load the state. ts-mls rejects tampered ciphertexts
// (AEAD and signature checks) and replays (each generation's key is deleted once used).
import {
  createApplicationMessage,
  createCommit,
  createGroup,
  decodeGroupState,
  decodeMlsMessage,
  defaultCapabilities,
  defaultLifetime,
  emptyPskIndex,
  encodeGroupState,
  encodeMlsMessage,
  generateKeyPackageWithKey,
  joinGroup,
  processPrivateMessage,
  type ClientConfig,
  type ClientState,
  type CreateCommitResult,
  type KeyPackage,
  type MLSMessage,
  type PrivateMessage,
  type Proposal,
  type Welcome,
} from 'ts-mls';
import { defaultClientConfig } from 'ts-mls/clientConfig.js';
import { unprotectPrivateMessage } from 'ts-mls/messageProtection.js';
import { fromB64, toB64 } from '../encoding.js';
import type { KeyPair } from '../identity.js';
import type { KeyStore } from '../key-store.js';
import type { DirectoryAuthService } from './auth-service.js';
import { deviceCredential, readCredential, type DeviceIdentity } from './credential.js';
import { decodeKeyPackage } from './key-packages.js';
import { mlsSuite } from './suite.js';

/** A leaf of the group: which device holds it. */
export interface GroupLeaf extends DeviceIdentity {
  leafIndex: number;
  signingKey: string;
}

export type Received =
  { kind: 'application'; plaintext: Uint8Array; sender: DeviceIdentity } | { kind: 'commit'; epoch: number };

/** A commit made but not yet applied: apply() once the delivery service accepted it. */
export interface PendingCommit {
  /** The epoch it was made from. */
  epoch: number;
  commit: string;
  welcome?: string;
  /** The devices the welcome is for. */
  added: DeviceIdentity[];
  result: CreateCommitResult;
}

function configFor(auth: DirectoryAuthService): ClientConfig {
  return { ...defaultClientConfig, authService: auth };
}

function decode(b64: string): MLSMessage {
  let bytes: Uint8Array;
  try {
    bytes = fromB64(b64);
  } catch {
    throw new MlsInputError('not base64url');
  }
  const decoded = (() => {
    try {
      return decodeMlsMessage(bytes, 0);
    } catch {
      return undefined;
    }
  })();
  if (!decoded || decoded[1] !== bytes.length) throw new MlsInputError('not a TLS-encoded MLSMessage');
  return decoded[0];
}

/** Input that is not a well-formed MLS message of the expected kind. */
export class MlsInputError extends Error {
  override name = 'MlsInputError';
}

const storeName = (groupId: string) => `mls/group/${groupId}`;

export class MlsGroup {
  private constructor(
    readonly groupId: string,
    private state: ClientState,
    private readonly auth: DirectoryAuthService,
  ) {}

  /** A new group with this device as its only leaf (epoch 0). */
  static async create(
    groupId: string,
    me: DeviceIdentity,
    signing: KeyPair,
    auth: DirectoryAuthService,
  ): Promise<MlsGroup> {
    const cs = await mlsSuite();
    const { publicPackage, privatePackage } = await generateKeyPackageWithKey(
      deviceCredential(me.userId, me.deviceId),
      defaultCapabilities(),
      defaultLifetime,
      [],
      { signKey: signing.privateKey, publicKey: signing.publicKey },
      cs,
    );
    const state = await createGroup(
      new TextEncoder().encode(groupId),
      publicPackage,
      privatePackage,
      [],
      cs,
      configFor(auth),
    );
    return new MlsGroup(groupId, state, auth);
  }

  /**
   * Joins from a welcome (base64url MLSMessage) made for one of this device's key packages,
   * found in the store by reference; a one-time package's private half is deleted after use.
   */
  static async join(
    welcomeB64: string,
    store: KeyStore,
    signing: KeyPair,
    auth: DirectoryAuthService,
  ): Promise<MlsGroup> {
    const message = decode(welcomeB64);
    if (message.wireformat !== 'mls_welcome') throw new MlsInputError('not a welcome');
    const welcome: Welcome = message.welcome;
    const cs = await mlsSuite();
    for (const secret of welcome.secrets) {
      const name = `mls/kp/${toB64(secret.newMember)}`;
      const stored = await store.get(name);
      if (!stored) continue;
      const saved = JSON.parse(new TextDecoder().decode(stored)) as {
        publicPackage: string;
        initPrivateKey: string;
        hpkePrivateKey: string;
        lastResort?: boolean;
      };
      const kp = decodeKeyPackage(saved.publicPackage);
      if (!kp) throw new Error('stored key package or signing key unreadable');
      const state = await joinGroup(
        welcome,
        kp,
        {
          initPrivateKey: fromB64(saved.initPrivateKey),
          hpkePrivateKey: fromB64(saved.hpkePrivateKey),
          signaturePrivateKey: signing.privateKey,
        },
        emptyPskIndex,
        cs,
        undefined,
        undefined,
        configFor(auth),
      );
      if (!saved.lastResort) await store.delete(name);
      return new MlsGroup(new TextDecoder().decode(state.groupContext.groupId), state, auth);
    }
    throw new MlsInputError("the welcome is for none of this device's key packages");
  }

  /** The group as saved by save(), or undefined. */
  static async load(groupId: string, store: KeyStore, auth: DirectoryAuthService): Promise<MlsGroup | undefined> {
    const bytes = await store.get(storeName(groupId));
    if (!bytes) return undefined;
    const decoded = decodeGroupState(bytes, 0);
    if (!decoded) throw new Error(`stored MLS state of ${groupId} is unreadable`);
    return new MlsGroup(groupId, { ...decoded[0], clientConfig: configFor(auth) }, auth);
  }

  async save(store: KeyStore): Promise<void> {
    await store.put(storeName(this.groupId), encodeGroupState(this.state));
  }

  static async forget(groupId: string, store: KeyStore): Promise<void> {
    await store.delete(storeName(groupId));
  }

  get epoch(): number {
    return Number(this.state.groupContext.epoch);
  }

  /**
   * The epoch authenticator (RFC 9420 section 8.7, base64url): equal on every member of the
   * same epoch, so comparing it out of band tells that they share one group state.
   */
  get epochAuthenticator(): string {
    return toB64(this.state.keySchedule.epochAuthenticator);
  }

  /** This device's own leaf index. */
  get ownLeafIndex(): number {
    return this.state.privatePath.leafIndex;
  }

  /**
   * Whether some parent node still lists this device's leaf in its unmerged_leaves: it was added
   * without a path through it, so those nodes' keys are unknown to it until it (or a member whose
   * path covers them) commits with a path.
   */
  get unmerged(): boolean {
    const leaf = this.ownLeafIndex;
    return this.state.ratchetTree.some((n) => n?.nodeType === 'parent' && n.parent.unmergedLeaves.includes(leaf));
  }

  /** Every occupied leaf. */
  leaves(): GroupLeaf[] {
    const out: GroupLeaf[] = [];
    this.state.ratchetTree.forEach((node, nodeIndex) => {
      if (nodeIndex % 2 !== 0 || node?.nodeType !== 'leaf') return;
      const who = readCredential(node.leaf.credential);
      if (!who) return;
      out.push({ ...who, leafIndex: nodeIndex / 2, signingKey: toB64(node.leaf.signaturePublicKey) });
    });
    return out;
  }

  /**
   * A commit adding the devices of these key packages (base64url) and removing these leaves.
   * Nothing changes until apply(); a commit refused by the delivery service is just dropped.
   */
  async commit(change: { add?: string[]; remove?: number[] }): Promise<PendingCommit> {
    const cs = await mlsSuite();
    const proposals: Proposal[] = [];
    const added: DeviceIdentity[] = [];
    for (const b64 of change.add ?? []) {
      const kp: KeyPackage | null = decodeKeyPackage(b64);
      if (!kp) throw new MlsInputError('not a key package');
      const who = readCredential(kp.leafNode.credential);
      if (!who || !this.auth.check(kp.leafNode.credential, kp.leafNode.signaturePublicKey)) {
        throw new MlsInputError("a key package does not match its owner's signed device bundle");
      }
      added.push(who);
      proposals.push({ proposalType: 'add', add: { keyPackage: kp } });
    }
    for (const leaf of change.remove ?? []) proposals.push({ proposalType: 'remove', remove: { removed: leaf } });
    const result = await createCommit(
      { state: this.state, cipherSuite: cs },
      { extraProposals: proposals, ratchetTreeExtension: true },
    );
    return {
      epoch: this.epoch,
      commit: toB64(encodeMlsMessage(result.commit)),
      welcome: result.welcome
        ? toB64(encodeMlsMessage({ welcome: result.welcome, wireformat: 'mls_welcome', version: 'mls10' }))
        : undefined,
      added,
      result,
    };
  }

  /** Moves to the epoch of our own accepted commit. */
  apply(pending: PendingCommit): void {
    if (pending.epoch !== this.epoch) throw new Error('the group moved on since this commit was made');
    this.state = pending.result.newState;
  }

  /** Encrypts an application message (base64url MLSMessage). */
  async encrypt(plaintext: Uint8Array): Promise<string> {
    const cs = await mlsSuite();
    const r = await createApplicationMessage(this.state, plaintext, cs);
    this.state = r.newState;
    return toB64(
      encodeMlsMessage({ privateMessage: r.privateMessage, wireformat: 'mls_private_message', version: 'mls10' }),
    );
  }

  /**
   * Processes a message of the group's timeline: decrypts an application message (telling who
   * sent it, from the authenticated sender leaf) or applies another member's commit. Throws on a
   * tampered, replayed or foreign message; the state is unchanged then.
   */
  async receive(b64: string): Promise<Received> {
    const message = decode(b64);
    if (message.wireformat !== 'mls_private_message') throw new MlsInputError('not a private message');
    const pm: PrivateMessage = message.privateMessage;
    const cs = await mlsSuite();
    if (pm.contentType === 'application') {
      const current = pm.epoch === this.state.groupContext.epoch;
      const data = current
        ? {
            senderDataSecret: this.state.keySchedule.senderDataSecret,
            secretTree: this.state.secretTree,
            ratchetTree: this.state.ratchetTree,
            groupContext: this.state.groupContext,
          }
        : this.state.historicalReceiverData.get(pm.epoch);
      if (!data) throw new MlsInputError('a message of an epoch this device has no keys for');
      const result = await unprotectPrivateMessage(
        data.senderDataSecret,
        pm,
        data.secretTree,
        data.ratchetTree,
        data.groupContext,
        this.state.clientConfig.keyRetentionConfig,
        cs,
      );
      const content = result.content.content;
      if (content.contentType !== 'application' || content.sender.senderType !== 'member') {
        throw new MlsInputError('unexpected content');
      }
      const leaf = data.ratchetTree[content.sender.leafIndex * 2];
      const sender = leaf?.nodeType === 'leaf' ? readCredential(leaf.leaf.credential) : null;
      if (!sender) throw new MlsInputError('unknown sender');
      if (current) {
        this.state = { ...this.state, secretTree: result.tree };
      } else {
        const history = new Map(this.state.historicalReceiverData);
        history.set(pm.epoch, { ...this.state.historicalReceiverData.get(pm.epoch)!, secretTree: result.tree });
        this.state = { ...this.state, historicalReceiverData: history };
      }
      return { kind: 'application', plaintext: content.applicationData, sender };
    }
    const r = await processPrivateMessage(this.state, pm, emptyPskIndex, cs);
    if (r.kind !== 'newState') throw new MlsInputError('unexpected content');
    this.state = r.newState;
    return { kind: 'commit', epoch: this.epoch };
  }

  /** Whether this device is still a leaf (a commit may have removed it). */
  get active(): boolean {
    return this.state.groupActiveState.kind === 'active';
  }
}
