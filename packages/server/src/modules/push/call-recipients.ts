// Who gets "Incoming call from X": the push subscriptions of the rung users' devices (not
// revoked), with their settings and whether they muted the conversation, and the names the
// push shows (caller, group title), in three queries.
import { isMutedAt, type Call, type MutedUntil } from '@anytime/protocol';
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.js';
import { settingsOfMany } from '../settings/settings.js';
import type { Recipient } from './recipients.js';

export type CallRecipients = Recipient[] & { names: { callerName: string; groupTitle: string | null } };

export async function callRecipients(db: Kysely<DB>, call: Call, userIds: readonly string[]): Promise<CallRecipients> {
  const subs = await db
    .selectFrom('push_subscriptions as p')
    .innerJoin('devices as d', 'd.id', 'p.device_id')
    .leftJoin('conversation_states as cs', (j) =>
      j.onRef('cs.user_id', '=', 'p.user_id').on('cs.conversation_id', '=', call.conversationId),
    )
    .where('d.revoked_at', 'is', null)
    .where('p.user_id', 'in', [...userIds])
    .select(['p.user_id', 'p.device_id', 'p.endpoint', 'p.p256dh', 'p.auth', 'cs.muted_until'])
    .execute();
  const names = await db
    .selectFrom('conversations as c')
    .leftJoin('users as u', (j) => j.on('u.id', '=', call.callerId))
    .select(['c.kind', 'c.title', 'u.display_name'])
    .where('c.id', '=', call.conversationId)
    .executeTakeFirst();
  const settings = subs.length > 0 ? await settingsOfMany(db, [...new Set(subs.map((s) => s.user_id))]) : new Map();
  const now = new Date().toISOString();
  const out = subs.map((s) => ({
    userId: s.user_id,
    deviceId: s.device_id,
    endpoint: s.endpoint,
    p256dh: s.p256dh,
    auth: s.auth,
    settings: settings.get(s.user_id)!,
    muted: isMutedAt({ mutedUntil: (s.muted_until ?? null) as MutedUntil }, now),
    mentioned: false,
    tagged: false,
  })) as CallRecipients;
  out.names = {
    callerName: names?.display_name ?? 'Someone',
    groupTitle: names?.kind === 'group' ? (names.title ?? 'Group') : null,
  };
  return out;
}
