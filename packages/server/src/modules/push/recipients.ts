// Who gets a push for a new message: the subscriptions of every member's devices except the
// sender's, of devices not revoked, in one statement for the whole conversation (groups are
// large: no query per member), with each member's settings, whether they muted the
// conversation (conversation_states) and whether the message mentions them (or @all).
import { isMutedAt, type Message, type MutedUntil, type UserSettings } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';
import { settingsOfMany } from '../settings/settings.js';
import type { NotifyFacts } from './decision.js';

export interface Recipient extends NotifyFacts {
  userId: string;
  deviceId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  settings: UserSettings;
}

export async function recipientsOf(db: Kysely<DB>, message: Message): Promise<Recipient[]> {
  const { conversationId, senderId } = message;
  const subs = await db
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
    .select(['p.user_id', 'p.device_id', 'p.endpoint', 'p.p256dh', 'p.auth', 'cs.muted_until'])
    .execute();
  if (subs.length === 0) return [];
  const settings = await settingsOfMany(db, [...new Set(subs.map((s) => s.user_id))]);
  const everyone = message.entities.some((e) => e.type === 'mention_all');
  const named = new Set(message.entities.flatMap((e) => (e.type === 'mention' ? [e.userId] : [])));
  return subs.map((s) => ({
    userId: s.user_id,
    deviceId: s.device_id,
    endpoint: s.endpoint,
    p256dh: s.p256dh,
    auth: s.auth,
    settings: settings.get(s.user_id)!,
    muted: isMutedAt({ mutedUntil: (s.muted_until ?? null) as MutedUntil }, message.createdAt),
    mentioned: everyone || named.has(s.user_id),
  }));
}
