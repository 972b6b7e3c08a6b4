// Who gets a push for a new message: the subscriptions of every member's devices except the
// sender's, of devices not revoked, in one statement for the whole conversation (groups are
// large: no query per member), with each member's settings, whether they muted the
// conversation (conversation_states) and whether the message mentions them (by name, @all or a
// photo tag: message-actions/mentions.ts says what a mention is).
import { isMutedAt, type Message, type MutedUntil, type UserSettings } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';
import { reusableQuery } from '../../storage/reusable-query.js';
import { settingsOfMany } from '../settings/settings.js';
import type { NotifyFacts } from './decision.js';
import { mentionsOf, tagsUser } from '../message-actions/mentions.js';

export interface Recipient extends NotifyFacts {
  userId: string;
  /** Tagged in a photo of the message (the push says so). */
  tagged: boolean;
  deviceId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  settings: UserSettings;
}

function subscriptionsIn(db: Kysely<DB>, conversationId: string, senderId: string) {
  return db
    .selectFrom('push_subscriptions as p')
    .innerJoin('members as m', (j) =>
      j.onRef('m.user_id', '=', 'p.user_id').on('m.conversation_id', '=', conversationId),
    )
    .innerJoin('devices as d', 'd.id', 'p.device_id')
    .leftJoin('conversation_states as cs', (j) =>
      j.onRef('cs.user_id', '=', 'p.user_id').on('cs.conversation_id', '=', conversationId),
    )
    .where('d.revoked_at', 'is', null)
    .where('p.user_id', '<>', senderId)
    .select(['p.user_id', 'p.device_id', 'p.endpoint', 'p.p256dh', 'p.auth', 'cs.muted_until']);
}

/** Runs once per message sent: compiled once (building it cost more than running it). */
const everySubscriptionIn = reusableQuery(2, (db: Kysely<DB>, conversationId, senderId) =>
  subscriptionsIn(db, conversationId as string, senderId as string),
);

/** `only`: just these users (people newly tagged in a photo after the send). */
export async function recipientsOf(db: Kysely<DB>, message: Message, only?: readonly string[]): Promise<Recipient[]> {
  const { conversationId, senderId } = message;
  if (only?.length === 0) return [];
  const subs = only
    ? await subscriptionsIn(db, conversationId, senderId)
        .where('p.user_id', 'in', [...only])
        .execute()
    : (await everySubscriptionIn(db, conversationId, senderId)).rows;
  if (subs.length === 0) return [];
  const settings = await settingsOfMany(db, [...new Set(subs.map((s) => s.user_id))]);
  const mentions = mentionsOf(message);
  const named = new Set(mentions.userIds);
  return subs.map((s) => ({
    userId: s.user_id,
    deviceId: s.device_id,
    endpoint: s.endpoint,
    p256dh: s.p256dh,
    auth: s.auth,
    settings: settings.get(s.user_id)!,
    muted: isMutedAt({ mutedUntil: (s.muted_until ?? null) as MutedUntil }, message.createdAt),
    mentioned: mentions.all || named.has(s.user_id),
    tagged: tagsUser(message, s.user_id),
  }));
}
