// Sends Web Push for new messages, off the request path: after a write commits, the
// message.created events of this node's commits (and message.updated events that tag someone
// in a photo, for the people tagged) are queued; each is turned into one push per
// recipient device that is not connected to this node, encrypted per RFC 8291 (aes128gcm) and
// signed with VAPID by the web-push package, and posted through the SSRF-guarded client with
// bounded concurrency. A subscription the push service answers 404 or 410 for is dropped.
//
// Multi-node limitation: "connected" is known per node. The node that committed the message
// pushes, and a device connected only to another node is seen as not connected and gets a
// push too (the client then shows nothing for a conversation that is open). Solving it needs a
// shared presence table or a broker round-trip.
import { SEALED_PREVIEW_TEXT, type Message } from '@anytime/protocol';
import webpush from 'web-push';
import type { AppContext } from '../../context.js';
import { guardedRequest, OutboundRefused } from '../../outbound/guarded-request.js';
import type { StreamRow } from '../../storage/storage.js';
import { pushPayload, shouldPush } from './decision.js';
import { recipientsOf, type Recipient } from './recipients.js';
import { pushGuard } from './subscriptions.js';
import type { VapidKeys } from './vapid.js';
import { IdleSignal } from '../../outbound/idle-signal.js';
import { encryptedStandIn } from '../mls/push-stand-in.js';

/** Messages waiting for their pushes at most; past this new ones are dropped (with a warning). */
const QUEUE_MAX = 10_000;
/** Seconds a push service keeps an undelivered push. */
const PUSH_TTL = 24 * 3600;

export type IsConnected = (userId: string, deviceId: string) => boolean;

/** A message to push; `only`: just these users (tagged in a photo after the send). */
interface Planned {
  message: Message;
  only?: string[];
}

/**
 * The people a message.updated event newly tags in a photo: a tag added after the send is
 * created at the instant of the change that announces it (modules/message-media/tags.ts).
 */
export function newlyTagged(event: { at: string; message: Message }): string[] {
  return event.message.media.flatMap((m) => m.tags.filter((t) => t.createdAt === event.at).map((t) => t.userId));
}

interface Names {
  senderName: string;
  groupTitle: string | null;
}

export class PushNotifier {
  private readonly messages: Planned[] = [];
  private readonly jobs: (() => Promise<void>)[] = [];
  private active = 0;
  private planning = false;
  private closed = false;
  private readonly idleSignal = new IdleSignal(
    () => !this.planning && this.active === 0 && this.jobs.length === 0 && this.messages.length === 0,
  );

  constructor(
    private readonly ctx: AppContext,
    private readonly vapid: VapidKeys,
    private readonly isConnected: IsConnected,
  ) {
    ctx.storage.onCommit((rows) => this.onCommit(rows));
  }

  private onCommit(rows: StreamRow[]): void {
    if (this.closed) return;
    for (const { event } of rows) {
      let planned: Planned;
      if (event.type === 'message.created') planned = { message: event.message };
      else if (event.type === 'mls.message') {
        // A secret chat's ciphertext: pushed as "Encrypted message", nothing of its content.
        const standIn = encryptedStandIn(event.message);
        if (!standIn) continue;
        planned = { message: standIn };
      } else if (event.type === 'message.updated') {
        const only = newlyTagged(event);
        if (only.length === 0) continue;
        planned = { message: event.message, only };
      } else continue;
      if (this.messages.length >= QUEUE_MAX) {
        this.ctx.log.warn('push queue full; a message gets no push');
        continue;
      }
      this.messages.push(planned);
    }
    void this.plan();
  }

  /** Turns queued messages into push jobs, one message at a time (one query each). */
  private async plan(): Promise<void> {
    if (this.planning) return;
    this.planning = true;
    try {
      for (let p = this.messages.shift(); p && !this.closed; p = this.messages.shift()) {
        const m = p.message;
        try {
          const recipients = await recipientsOf(this.ctx.storage.read, m, p.only);
          const names: Names = recipients.some((r) => r.settings.notificationPreviews)
            ? await this.namesFor(m)
            : { senderName: '', groupTitle: null };
          for (const r of recipients) {
            // Never the sender (recipientsOf), never a device that is connected, never against mute.
            if (this.isConnected(r.userId, r.deviceId) || !shouldPush(r)) continue;
            this.enqueue(() => this.send(r, m, names));
          }
        } catch (e) {
          this.ctx.log.warn({ err: e }, 'push planning failed');
        }
      }
    } finally {
      this.planning = false;
      this.idleSignal.check();
    }
  }

  /** The sender's display name and, for a group, its title (one query). */
  private async namesFor(m: Message): Promise<Names> {
    const r = await this.ctx.storage.read
      .selectFrom('conversations as c')
      .leftJoin('users as u', (j) => j.on('u.id', '=', m.senderId))
      .select(['c.kind', 'c.title', 'u.display_name'])
      .where('c.id', '=', m.conversationId)
      .executeTakeFirst();
    return {
      senderName: r?.display_name ?? 'Someone',
      groupTitle: r?.kind === 'group' ? (r.title ?? 'Group') : null,
    };
  }

  private enqueue(job: () => Promise<void>): void {
    this.jobs.push(job);
    this.pump();
  }

  private pump(): void {
    while (this.active < this.ctx.config.PUSH_CONCURRENCY && this.jobs.length > 0) {
      const job = this.jobs.shift()!;
      this.active += 1;
      void job().finally(() => {
        this.active -= 1;
        this.pump();
        this.idleSignal.check();
      });
    }
  }

  private async send(r: Recipient, m: Message, names: Names): Promise<void> {
    const payload = pushPayload(r.settings, {
      conversationId: m.conversationId,
      messageId: m.id,
      seq: m.seq,
      senderId: m.senderId,
      ...names,
      // A sealed message's secret is never on the server; its notification says so.
      text: m.sealed ? SEALED_PREVIEW_TEXT : m.text,
      mediaKinds: m.media.map((x) => x.kind),
      tagged: r.tagged,
    });
    try {
      const details = webpush.generateRequestDetails(
        { endpoint: r.endpoint, keys: { p256dh: r.p256dh, auth: r.auth } },
        JSON.stringify(payload),
        {
          vapidDetails: { subject: this.ctx.config.VAPID_SUBJECT, ...this.vapid },
          TTL: PUSH_TTL,
          urgency: 'high',
          contentEncoding: 'aes128gcm',
        },
      );
      const res = await guardedRequest(
        new URL(details.endpoint),
        {
          method: 'POST',
          headers: details.headers as Record<string, string>,
          ...(details.body ? { body: details.body } : {}),
          timeoutMs: this.ctx.config.PUSH_TIMEOUT_MS,
          maxBytes: 4_096,
        },
        pushGuard(this.ctx),
      );
      if (res.status === 404 || res.status === 410) {
        await this.ctx.storage.write(async (tx) => {
          await tx.db
            .deleteFrom('push_subscriptions')
            .where('device_id', '=', r.deviceId)
            .where('endpoint', '=', r.endpoint)
            .execute();
        });
      } else if (res.status < 200 || res.status >= 300) {
        this.ctx.log.warn({ status: res.status, deviceId: r.deviceId }, 'push refused by the push service');
      }
    } catch (e) {
      // The endpoint itself is never logged: it is a bearer capability for the device.
      const reason = e instanceof OutboundRefused ? 'address not allowed' : (e as Error).message;
      this.ctx.log.warn({ deviceId: r.deviceId, reason }, 'push failed');
    }
  }

  /** Resolves when every queued push has been sent or has failed (tests, shutdown). */
  idle(): Promise<void> {
    return this.idleSignal.wait();
  }

  /** Stops taking new messages; resolves when pushes in flight are done. */
  async close(): Promise<void> {
    this.closed = true;
    this.messages.length = 0;
    this.jobs.length = 0;
    await this.idle();
  }
}
