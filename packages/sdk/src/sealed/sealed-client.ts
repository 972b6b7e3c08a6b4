// client.sealed: sealed messages from the app's side. Sending reads the members' device bundles
// from the key directory, checks each against its account's identity key (a device the server
// slipped in would fail), seals the secret with HPKE to every device (@anytime/crypto) and
// posts the envelopes; when the server answers sealed_recipients_changed (someone added or
// revoked a device meanwhile) it refetches and seals again. Revealing is an explicit call: it
// fetches this device's own envelope (the server logs the opening) and decrypts it locally.
import { openSealed, sealSecret, verifyDeviceBundle, type SealedRecipient, type SealedSecret } from '@anytime/crypto';
import { SEALED_SUITE, type Message, type SealedStatus } from '@anytime/protocol';
import { ApiError } from '../http/api-error.js';
import type { KeysClient, Me } from '../secret/keys-client.js';
import type { CallRoute } from '../state/load-state.js';

export interface SendSealedOptions {
  viewOnce?: boolean;
  expiresInSeconds?: number;
  replyToId?: string;
  /** Idempotency key; a fresh one by default. */
  clientId?: string;
}

/** A member's device bundle did not verify against their identity key: nothing was sent. */
export class UntrustedDeviceError extends Error {
  override name = 'UntrustedDeviceError';
}

export interface RevealedSecret extends SealedSecret {
  status: SealedStatus;
}

const ATTEMPTS = 3;

export class SealedClient {
  constructor(
    private readonly call: CallRoute,
    private readonly keys: KeysClient,
    private readonly me: () => Me,
  ) {}

  /** Every device of the conversation's members (this one left out), with verified bundles. */
  async recipients(conversationId: string): Promise<SealedRecipient[]> {
    const userIds: string[] = [];
    let after: string | undefined;
    do {
      const page = await this.call('listMembers', {
        params: { id: conversationId },
        query: after ? { after } : {},
      });
      userIds.push(...page.members.map((m) => m.userId));
      after = page.nextAfter ?? undefined;
    } while (after);
    const { deviceId } = this.me();
    const out: SealedRecipient[] = [];
    for (const k of await this.keys.queryKeys(userIds)) {
      for (const d of k.devices) {
        if (d.deviceId === deviceId) continue;
        if (!k.identityKey || !verifyDeviceBundle(k.identityKey, k.userId, d)) {
          throw new UntrustedDeviceError(`device ${d.deviceId} of ${k.userId} is not signed by their identity key`);
        }
        out.push({ userId: k.userId, deviceId: d.deviceId, hpkeKey: d.hpkeKey });
      }
    }
    return out;
  }

  async send(conversationId: string, text: string, opts: SendSealedOptions = {}): Promise<Message> {
    await this.keys.setUp();
    const clientId = opts.clientId ?? crypto.randomUUID();
    const senderId = this.me().userId;
    for (let attempt = 1; ; attempt++) {
      const envelopes = await sealSecret(
        { text },
        { conversationId, clientId, senderId },
        await this.recipients(conversationId),
      );
      try {
        const r = await this.call('sendSealed', {
          params: { id: conversationId },
          body: {
            clientId,
            suite: SEALED_SUITE,
            envelopes,
            viewOnce: opts.viewOnce ?? false,
            ...(opts.expiresInSeconds !== undefined ? { expiresInSeconds: opts.expiresInSeconds } : {}),
            ...(opts.replyToId ? { replyToId: opts.replyToId } : {}),
          },
        });
        return r.message;
      } catch (e) {
        if (e instanceof ApiError && e.code === 'sealed_recipients_changed' && attempt < ATTEMPTS) continue;
        throw e;
      }
    }
  }

  /** Reveals the secret on this device (the sender sees it in the reveal log). */
  async reveal(messageId: string): Promise<RevealedSecret> {
    const r = await this.call('revealSealed', { params: { id: messageId } });
    const { userId, deviceId } = this.me();
    const device = await this.keys.deviceKeys();
    const secret = await openSealed(
      r.envelope,
      { conversationId: r.conversationId, clientId: r.clientId, senderId: r.senderId },
      { userId, deviceId, hpkePrivateKey: device.hpke.privateKey },
    );
    return { ...secret, status: r.sealed };
  }

  /** Whether this user opened it, and for the sender the reveal log. */
  async status(messageId: string): Promise<SealedStatus> {
    return (await this.call('getSealed', { params: { id: messageId } })).sealed;
  }
}
